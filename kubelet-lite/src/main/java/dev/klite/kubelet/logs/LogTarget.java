package dev.klite.kubelet.logs;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where one container's logs are, published by its pod worker.
 *
 * @param current the newest instance's log file, or null when no instance started yet
 * @param previous the log file of the instance before it, or null when there was none
 * @param waitingReason why the container is waiting (ContainerCreating, CrashLoopBackOff...), or null
 * @param running whether the newest instance is running
 * @param exited completes when the newest instance exits (already complete when it is not running)
 * @param plainText whether the files are plain text (a mirror pod's component log) rather than CRI format
 */
public record LogTarget(Path current, Path previous, String waitingReason, boolean running,
    CompletableFuture<?> exited, boolean plainText) {

  /** A container's CRI-format logs. */
  public LogTarget(Path current, Path previous, String waitingReason, boolean running, CompletableFuture<?> exited) {
    this(current, previous, waitingReason, running, exited, false);
  }

  public Optional<Path> currentLog() {
    return Optional.ofNullable(current);
  }

  public Optional<Path> previousLog() {
    return Optional.ofNullable(previous);
  }
}

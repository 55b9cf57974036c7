package dev.klite.kubelet.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A started container instance. All methods are thread-safe and return without waiting for the process. */
public interface ContainerHandle {

  /** The container id this instance was started with. */
  String id();

  /** The pid of the container's main process. */
  long pid();

  /**
   * The pid of the container's own first process (inside the pod's namespaces when isolated; exec probes enter its
   * namespaces), which is {@link #pid()} for plain processes.
   */
  default long namespacePid() {
    return pid();
  }

  /**
   * The container's open stdin when it was started with {@code stdin: true} (attach writes to it; callers
   * synchronize on it), else empty. Writing blocks while the pipe is full. Closing it closes the container's stdin
   * (end of file) for good: stdinOnce, after the first attach.
   */
  default java.util.Optional<java.io.OutputStream> stdin() {
    return java.util.Optional.empty();
  }

  /** When the process was started. */
  Instant startedAt();

  /**
   * Completes once the main process has exited, every remaining process of the container has been killed and the
   * log file holds all output. Never completes exceptionally.
   */
  CompletableFuture<ContainerExit> onExit();

  /**
   * Sends SIGTERM to the container's processes and SIGKILL to whatever is left after {@code gracePeriod}.
   * Idempotent: a second call does not extend an earlier deadline. Returns {@link #onExit()}.
   */
  CompletableFuture<ContainerExit> terminate(Duration gracePeriod);

  /** Sends SIGKILL to the container's processes at once. Returns {@link #onExit()}. */
  CompletableFuture<ContainerExit> kill();
}

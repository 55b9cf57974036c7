package dev.klite.kubelet.exec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A running container that commands can be executed in, published by its pod worker.
 *
 * @param namespacePid host pid of a process of the container whose mount, UTS and PID namespaces exec enters, or 0
 *     when the container is a plain host process
 * @param env the container's environment, exactly
 * @param workingDir the container's {@code workingDir}, or null
 * @param hostDir where commands of a plain (not isolated) container start when it has no {@code workingDir}
 * @param exited completes when the container instance exits; exec'd processes die with it
 * @param logFile the instance's CRI log file (attach streams what is appended to it), or null
 * @param stdin the container's open stdin ({@code stdin: true}) for attach, or null
 * @param stdinOnce whether the container's stdin is closed after the first attach session ends
 * @param userArgv prefix that runs a command as the container's securityContext user and groups, or empty
 * @param tty whether the container's process has a pseudo-terminal ({@code tty: true}): attach then resizes it
 * @param pid host pid of the container's main process (whose descendants hold its terminal), 0 when unknown
 */
public record ExecTarget(long namespacePid, Map<String, String> env, String workingDir, Path hostDir,
    CompletableFuture<?> exited, Path logFile, java.io.OutputStream stdin, boolean stdinOnce,
    java.util.List<String> userArgv, boolean tty, long pid) {

  /** A container without a terminal. */
  public ExecTarget(long namespacePid, Map<String, String> env, String workingDir, Path hostDir,
      CompletableFuture<?> exited, Path logFile, java.io.OutputStream stdin, boolean stdinOnce,
      java.util.List<String> userArgv) {
    this(namespacePid, env, workingDir, hostDir, exited, logFile, stdin, stdinOnce, userArgv, false, 0);
  }

  /** A container whose commands run as the kubelet's user. */
  public ExecTarget(long namespacePid, Map<String, String> env, String workingDir, Path hostDir,
      CompletableFuture<?> exited, Path logFile, java.io.OutputStream stdin, boolean stdinOnce) {
    this(namespacePid, env, workingDir, hostDir, exited, logFile, stdin, stdinOnce, java.util.List.of());
  }

  /** A container without attach support. */
  public ExecTarget(long namespacePid, Map<String, String> env, String workingDir, Path hostDir,
      CompletableFuture<?> exited) {
    this(namespacePid, env, workingDir, hostDir, exited, null, null, false);
  }

  public ExecTarget {
    env = Map.copyOf(env);
    userArgv = java.util.List.copyOf(userArgv);
    Objects.requireNonNull(hostDir, "hostDir");
    Objects.requireNonNull(exited, "exited");
  }

  public boolean isolated() {
    return namespacePid != 0;
  }
}

package dev.klite.kubelet.runtime;

import java.time.Instant;

/**
 * How a container instance ended.
 *
 * @param exitCode the exit status; an exit by signal N is reported as 128+N, as container runtimes do
 * @param signal the signal the runtime sent that ended the process (15 or 9), or 0 when it exited by itself
 * @param startedAt when the process was started
 * @param finishedAt when the runtime observed its exit
 * @param lost whether the runtime lost track of the instance: its supervisor (shim) is gone without recording an exit
 *     status, so {@code exitCode} is only the 137 the kubelet reports for a container it cannot locate
 */
public record ContainerExit(int exitCode, int signal, Instant startedAt, Instant finishedAt, boolean lost) {

  /** An exit the runtime observed. */
  public ContainerExit(int exitCode, int signal, Instant startedAt, Instant finishedAt) {
    this(exitCode, signal, startedAt, finishedAt, false);
  }

  /** An instance whose exit status nobody recorded (kubelet_pods.go reports such a container with exit code 137). */
  public static ContainerExit lost(Instant startedAt, Instant now) {
    return new ContainerExit(137, 0, startedAt, now, true);
  }
}

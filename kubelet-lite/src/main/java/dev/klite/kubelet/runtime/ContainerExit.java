package dev.klite.kubelet.runtime;

import java.time.Instant;

/**
 * How a container instance ended.
 *
 * @param exitCode the exit status; an exit by signal N is reported as 128+N, as container runtimes do
 * @param signal the signal the runtime sent that ended the process (15 or 9), or 0 when it exited by itself
 * @param startedAt when the process was started
 * @param finishedAt when the runtime observed its exit
 */
public record ContainerExit(int exitCode, int signal, Instant startedAt, Instant finishedAt) {}

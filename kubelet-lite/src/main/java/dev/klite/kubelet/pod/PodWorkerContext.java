package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.ContainerRuntime;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every pod worker shares.
 *
 * @param executor bounded pool the workers' serial executors run on (never informer or event-loop threads)
 * @param scheduler timers (back-off, deadlines); tasks only hand work to a worker's serial executor
 * @param nodeAllocatable node allocatable quantities, for resourceFieldRef env values
 */
public record PodWorkerContext(String nodeName, String hostIP, Path rootDir, ContainerRuntime runtime,
    PodApi podApi, EventRecorder events, ConfigSource configSource, Executor executor,
    ScheduledExecutorService scheduler, Clock clock, Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff,
    Map<String, String> nodeAllocatable) {
  public PodWorkerContext {
    nodeAllocatable = Map.copyOf(nodeAllocatable);
  }
}

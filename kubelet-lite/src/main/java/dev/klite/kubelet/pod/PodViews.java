package dev.klite.kubelet.pod;

import dev.klite.kubelet.exec.ExecTarget;
import dev.klite.kubelet.logs.LogTarget;
import dev.klite.kubelet.runtime.Terminal;
import dev.klite.kubelet.stats.StatsSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Immutable views of a pod worker's containers that the endpoint reads from other threads (logs, exec, stats),
 * rebuilt after every sync. Pure: built on the worker's serial executor from its records.
 */
final class PodViews {
  private PodViews() {}

  /** Every container by name: its current and previous log files, and why it waits. */
  static Map<String, LogTarget> logTargets(List<ContainerRecord> all, PodSandbox sandbox, boolean hasInits) {
    Map<String, LogTarget> targets = new LinkedHashMap<>();
    String defaultWaiting = hasInits ? ContainerRecord.POD_INITIALIZING : ContainerRecord.CONTAINER_CREATING;
    for (ContainerRecord r : all) {
      CompletableFuture<?> exited = r.handle != null ? r.handle.onExit() : CompletableFuture.completedFuture(null);
      targets.put(r.name(), new LogTarget(r.attempt >= 0 ? sandbox.logFile(r.name(), r.attempt) : null,
          r.attempt >= 1 ? sandbox.logFile(r.name(), r.attempt - 1) : null,
          r.running() ? null : r.waitingReason != null ? r.waitingReason
              : r.terminated == null ? defaultWaiting : null,
          r.running(), exited));
    }
    return Map.copyOf(targets);
  }

  /** The running containers by name, with what exec needs (namespaces, env, working directory). */
  static Map<String, ExecTarget> execTargets(List<ContainerRecord> all, PodSandbox sandbox, boolean isolated) {
    Map<String, ExecTarget> exec = new LinkedHashMap<>();
    for (ContainerRecord r : all) {
      if (r.running()) {
        exec.put(r.name(), new ExecTarget(isolated ? r.handle.namespacePid() : 0, r.env, r.spec.getWorkingDir(),
            sandbox.dir(), r.handle.onExit(), sandbox.logFile(r.name(), r.attempt), r.handle.stdin().orElse(null),
            Boolean.TRUE.equals(r.spec.getStdinOnce()), r.userArgv,
            Boolean.TRUE.equals(r.spec.getTty()) && Terminal.available(), r.handle.pid()));
      }
    }
    return Map.copyOf(exec);
  }

  /** The pod with its running containers' processes, or empty when none runs. */
  static Optional<StatsSource.Pod> stats(Pod pod, Instant startTime, List<ContainerRecord> all) {
    List<StatsSource.Container> live = all.stream().filter(ContainerRecord::running)
        .map(r -> new StatsSource.Container(r.name(), r.handle.id(), r.handle.pid(), r.handle.startedAt(),
            Confinement.limit(r.spec, "memory", false))).toList();
    return live.isEmpty() ? Optional.empty() : Optional.of(new StatsSource.Pod(pod.getMetadata().getName(),
        pod.getMetadata().getNamespace(), pod.getMetadata().getUid(), startTime, live));
  }
}

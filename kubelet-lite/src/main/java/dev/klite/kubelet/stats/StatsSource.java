package dev.klite.kubelet.stats;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The pods with running containers on this node, for the stats collector. Thread-safe and non-blocking. */
public interface StatsSource {

  /**
   * One running container instance.
   *
   * @param pid host pid of the instance's main process (its descendants are the container's other processes)
   * @param memoryLimit the memory limit in bytes, or null when unlimited
   */
  record Container(String name, String id, long pid, Instant startedAt, Long memoryLimit) {
    public Container {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /** A pod and its running containers. */
  record Pod(String name, String namespace, String uid, Instant startTime, List<Container> containers) {
    public Pod {
      containers = List.copyOf(containers);
    }
  }

  List<Pod> pods();
}

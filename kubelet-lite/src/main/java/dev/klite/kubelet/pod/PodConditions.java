package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet-owned pod conditions ({@code pkg/kubelet/status/generate.go}, v1.32). Pure; times are filled in by
 * {@link PodStatusBuilder}. A container's {@code ready} comes from its readiness probe (see {@link Prober}); readiness
 * gates are not evaluated.
 */
public final class PodConditions {
  public static final String POD_READY_TO_START_CONTAINERS = "PodReadyToStartContainers";
  public static final String INITIALIZED = "Initialized";
  public static final String READY = "Ready";
  public static final String CONTAINERS_READY = "ContainersReady";
  public static final String POD_SCHEDULED = "PodScheduled";

  static final String UNKNOWN_CONTAINER_STATUSES = "UnknownContainerStatuses";
  static final String POD_COMPLETED = "PodCompleted";
  static final String POD_FAILED = "PodFailed";
  static final String CONTAINERS_NOT_READY = "ContainersNotReady";
  static final String CONTAINERS_NOT_INITIALIZED = "ContainersNotInitialized";

  private PodConditions() {}

  /** The sandbox (our pod directory and process set) exists and is not torn down. */
  public static PodCondition podReadyToStartContainers(boolean sandboxReady) {
    return condition(POD_READY_TO_START_CONTAINERS, sandboxReady, null, null);
  }

  public static PodCondition initialized(PodSpec spec, List<ContainerStatus> initStatuses,
      List<ContainerStatus> statuses, String phase) {
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (Container c : spec.getInitContainers()) {
      Optional<ContainerStatus> s = PodPhases.find(initStatuses, c.getName());
      if (s.isEmpty()) {
        unknown.add(c.getName());
        continue;
      }
      var state = s.get().getState();
      boolean done = state != null && state.getTerminated() != null && state.getTerminated().getExitCode() == 0;
      if (!done) {
        incomplete.add(c.getName());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(INITIALIZED, true, POD_COMPLETED, null);
    }
    if (PodPhases.anyRegularContainerStarted(statuses)) {
      return condition(INITIALIZED, true, null, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!incomplete.isEmpty()) {
      messages.add("containers with incomplete status: " + goList(incomplete));
    }
    if (!messages.isEmpty()) {
      return condition(INITIALIZED, false, CONTAINERS_NOT_INITIALIZED, String.join(", ", messages));
    }
    return condition(INITIALIZED, true, null, null);
  }

  public static PodCondition containersReady(PodSpec spec, List<ContainerStatus> statuses, String phase) {
    List<String> unknown = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    for (Container c : spec.getContainers()) {
      Optional<ContainerStatus> s = PodPhases.find(statuses, c.getName());
      if (s.isEmpty()) {
        unknown.add(c.getName());
      } else if (!Boolean.TRUE.equals(s.get().getReady())) {
        unready.add(c.getName());
      }
    }
    if (PodPhases.SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition(CONTAINERS_READY, false, POD_COMPLETED, null);
    }
    if (PodPhases.FAILED.equals(phase)) {
      return condition(CONTAINERS_READY, false, POD_FAILED, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!unready.isEmpty()) {
      messages.add("containers with unready status: " + goList(unready));
    }
    if (!messages.isEmpty()) {
      return condition(CONTAINERS_READY, false, CONTAINERS_NOT_READY, String.join(", ", messages));
    }
    return condition(CONTAINERS_READY, true, null, null);
  }

  /** Ready mirrors ContainersReady (no readiness gates are evaluated). */
  public static PodCondition ready(PodCondition containersReady) {
    return condition(READY, "True".equals(containersReady.getStatus()), containersReady.getReason(),
        containersReady.getMessage());
  }

  static PodCondition condition(String type, boolean status, String reason, String message) {
    PodCondition c = new PodCondition();
    c.setType(type);
    c.setStatus(status ? "True" : "False");
    c.setReason(reason);
    c.setMessage(message);
    return c;
  }

  /** Go's {@code %s} of a []string: {@code [a b]}. */
  static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }
}

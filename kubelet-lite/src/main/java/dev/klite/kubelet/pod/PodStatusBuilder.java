package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.Rfc3339;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the pod status the kubelet writes ({@code pkg/kubelet/kubelet_pods.go} generateAPIPodStatus and the
 * status manager's merge in {@code pkg/kubelet/status/status_manager.go}). Pure: everything comes from the input.
 */
public final class PodStatusBuilder {
  /** status.reason and message when activeDeadlineSeconds passed ({@code pkg/kubelet/active_deadline.go}). */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String DEADLINE_EXCEEDED_MESSAGE = "Pod was active on the node longer than the specified deadline";

  private static final Set<String> KUBELET_OWNED = Set.of(PodConditions.POD_READY_TO_START_CONTAINERS,
      PodConditions.INITIALIZED, PodConditions.READY, PodConditions.CONTAINERS_READY, PodConditions.POD_SCHEDULED);

  private PodStatusBuilder() {}

  /**
   * @param pod the latest pod object (its status supplies qosClass and conditions owned by others)
   * @param previous the status the kubelet wrote last (or the pod's status), for lastTransitionTime and the rule
   *     that a terminal phase never changes
   * @param podIsTerminal the kubelet stopped the pod for good (deleted or deadline exceeded) and nothing runs
   * @param sandboxReady the pod's "sandbox" is set up and not torn down
   * @param reason status.reason, or null
   * @param message status.message, or null
   */
  public record Input(Pod pod, PodStatus previous, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
      boolean podIsTerminal, boolean sandboxReady, String hostIP, Instant startTime, String reason, String message,
      Instant now) {
    public Input {
      initStatuses = List.copyOf(initStatuses);
      statuses = List.copyOf(statuses);
    }
  }

  public static PodStatus build(Input in) {
    var spec = in.pod().getSpec();
    PodStatus current = Optional.ofNullable(in.pod().getStatus()).orElseGet(PodStatus::new);
    PodStatus previous = Optional.ofNullable(in.previous()).orElse(current);

    String phase = PodPhases.phase(spec, in.initStatuses(), in.statuses(), in.podIsTerminal());
    if (in.podIsTerminal() && !PodPhases.isTerminal(phase)) {
      phase = PodPhases.FAILED;
    }
    if (DEADLINE_EXCEEDED.equals(in.reason())) {
      phase = PodPhases.FAILED;
    }
    if (PodPhases.isTerminal(previous.getPhase())) {
      phase = previous.getPhase();
    }

    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(PodConditions.podReadyToStartContainers(in.sandboxReady() && !PodPhases.isTerminal(phase)));
    conditions.add(PodConditions.initialized(spec, in.initStatuses(), in.statuses(), phase));
    PodCondition containersReady = PodConditions.containersReady(spec, in.statuses(), phase);
    conditions.add(PodConditions.ready(containersReady));
    conditions.add(containersReady);
    conditions.add(PodConditions.condition(PodConditions.POD_SCHEDULED, true, null, null));
    for (PodCondition c : conditions) {
      c.setLastProbeTime(null);
      PodCondition old = find(previous.getConditions(), c.getType()).or(() -> find(current.getConditions(), c.getType()))
          .orElse(null);
      c.setLastTransitionTime(old != null && Objects.equals(old.getStatus(), c.getStatus())
          && old.getLastTransitionTime() != null ? old.getLastTransitionTime() : Rfc3339.seconds(in.now()));
    }
    for (PodCondition c : current.getConditions()) {
      if (!KUBELET_OWNED.contains(c.getType())) {
        conditions.add(c);
      }
    }

    PodStatus s = new PodStatus();
    s.setPhase(phase);
    s.setConditions(conditions);
    s.setQosClass(current.getQosClass());
    s.setNominatedNodeName(current.getNominatedNodeName());
    s.setHostIP(in.hostIP());
    s.setHostIPs(List.of(new HostIP(in.hostIP())));
    s.setPodIP(in.hostIP());
    s.setPodIPs(List.of(new PodIP(in.hostIP())));
    s.setStartTime(in.startTime() == null ? null : Rfc3339.seconds(in.startTime()));
    s.setInitContainerStatuses(in.initStatuses().isEmpty() ? null : in.initStatuses());
    s.setContainerStatuses(in.statuses());
    s.setReason(in.reason());
    s.setMessage(in.message());
    return s;
  }

  private static Optional<PodCondition> find(List<PodCondition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}

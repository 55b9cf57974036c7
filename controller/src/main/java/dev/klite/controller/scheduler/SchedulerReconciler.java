package dev.klite.controller.scheduler;

import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.Timestamps;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schedules one pending pod (upstream {@code pkg/scheduler/schedule_one.go}): pick a node with
 * {@link SchedulingPolicy}, bind, record {@code Scheduled}; or set {@code PodScheduled=False}
 * ({@code Unschedulable}) and record {@code FailedScheduling}. Pods just bound are "assumed" on
 * their node until the informer shows {@code spec.nodeName}, so two quick pods do not both take
 * the last free capacity (upstream's scheduler cache {@code AssumePod}).
 */
public final class SchedulerReconciler implements Reconciler {

  public static final String SCHEDULER_NAME = "default-scheduler";
  /** Upstream {@code podMaxInUnschedulablePodsDuration}: retry unschedulable pods at least this often. */
  static final Duration UNSCHEDULABLE_RETRY = Duration.ofMinutes(5);

  private final Lister<Pod> pods;
  private final Lister<Node> nodes;
  private final PodBinder binder;
  private final EventRecorder recorder;
  private final Clock clock;
  private final Map<String, Assumed> assumed = new ConcurrentHashMap<>();

  private record Assumed(String node, Pod pod) {}

  public SchedulerReconciler(Lister<Pod> pods, Lister<Node> nodes, PodBinder binder, EventRecorder recorder, Clock clock) {
    this.pods = Objects.requireNonNull(pods);
    this.nodes = Objects.requireNonNull(nodes);
    this.binder = Objects.requireNonNull(binder);
    this.recorder = Objects.requireNonNull(recorder);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Whether this scheduler is responsible for the pod in its current state. */
  public static boolean needsScheduling(Pod pod) {
    if (pod.getSpec() == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    String scheduler = pod.getSpec().getSchedulerName();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty())
        && (scheduler == null || SCHEDULER_NAME.equals(scheduler))
        && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Pod pod = pods.get(key.namespace(), key.name()).orElse(null);
    if (pod == null) {
      return Result.done();
    }
    if (!needsScheduling(pod) || assumed.containsKey(pod.getMetadata().getUid())) {
      return Result.done();
    }
    List<Pod> all = pods.listAll();
    dropObservedAssumptions(all);
    List<Pod> placed = new ArrayList<>(all);
    assumed.values().forEach(a -> placed.add(new PodBuilder(a.pod()).editSpec().withNodeName(a.node()).endSpec().build()));
    Map<String, SchedulingPolicy.NodeUsage> usage = SchedulingPolicy.usage(placed);
    SchedulingPolicy.Decision decision = SchedulingPolicy.schedule(pod, nodes.listAll(), usage);
    if (decision.node().isPresent()) {
      String node = decision.node().get();
      binder.bind(pod, node);
      assumed.put(pod.getMetadata().getUid(), new Assumed(node, pod));
      recorder.event(pod, EventRecorder.NORMAL, "Scheduled", "Successfully assigned "
          + key.namespace() + "/" + key.name() + " to " + node);
      return Result.done();
    }
    markUnschedulable(pod, decision.message());
    recorder.event(pod, EventRecorder.WARNING, "FailedScheduling", decision.message());
    return Result.requeueAfter(UNSCHEDULABLE_RETRY);
  }

  private void markUnschedulable(Pod cached, String message) {
    PodCondition existing = cached.getStatus() == null || cached.getStatus().getConditions() == null ? null
        : cached.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
    if (existing != null && "False".equals(existing.getStatus()) && "Unschedulable".equals(existing.getReason())
        && message.equals(existing.getMessage())) {
      return;
    }
    Pod pod = new PodBuilder(cached).build();
    if (pod.getStatus() == null) {
      pod.setStatus(new PodStatus());
    }
    if (pod.getStatus().getPhase() == null) {
      pod.getStatus().setPhase("Pending");
    }
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.of()
        : pod.getStatus().getConditions());
    conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
    conditions.add(new PodConditionBuilder()
        .withType("PodScheduled").withStatus("False").withReason("Unschedulable").withMessage(message)
        .withLastTransitionTime(Timestamps.format(clock.instant()))
        .build());
    pod.getStatus().setConditions(conditions);
    binder.updateStatus(pod);
  }

  /** Forget assumptions the cache has caught up with (pod bound there, or gone). */
  private void dropObservedAssumptions(List<Pod> all) {
    Map<String, Pod> byUid = new HashMap<>();
    all.forEach(p -> byUid.put(p.getMetadata().getUid(), p));
    assumed.keySet().removeIf(uid -> {
      Pod p = byUid.get(uid);
      return p == null || (p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty());
    });
  }

  /** Used by the wiring when the informer shows a pod bound or gone. */
  void forget(String podUid) {
    assumed.remove(podUid);
  }

}

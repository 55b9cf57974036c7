package dev.klite.controller.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure filter checks of one pod against one node, the subset of upstream's default filter
 * plugins that matters here ({@code pkg/scheduler/framework/plugins/}: {@code nodeunschedulable},
 * {@code tainttoleration}, {@code nodeaffinity} (nodeSelector part), {@code noderesources/fit.go}).
 * Reasons use upstream's exact strings, since they end up in the FailedScheduling message.
 */
public final class NodeFit {

  static final String REASON_UNSCHEDULABLE = "node(s) were unschedulable";
  static final String REASON_SELECTOR = "node(s) didn't match Pod's node affinity/selector";
  static final String REASON_TOO_MANY_PODS = "Too many pods";

  private NodeFit() {}

  /** Resources a pod asks for: max(sum of containers, largest init container), per resource. */
  public static Map<String, BigDecimal> requests(Pod pod) {
    Map<String, BigDecimal> sum = new java.util.HashMap<>();
    if (pod.getSpec() == null) {
      return sum;
    }
    for (Container c : nullSafe(pod.getSpec().getContainers())) {
      add(sum, c);
    }
    for (Container c : nullSafe(pod.getSpec().getInitContainers())) {
      Map<String, BigDecimal> one = new java.util.HashMap<>();
      add(one, c);
      one.forEach((k, v) -> sum.merge(k, v, BigDecimal::max));
    }
    return sum;
  }

  private static void add(Map<String, BigDecimal> into, Container c) {
    if (c.getResources() == null || c.getResources().getRequests() == null) {
      return;
    }
    c.getResources().getRequests().forEach((k, q) -> into.merge(k, q.getNumericalAmount(), BigDecimal::add));
  }

  /**
   * Why the pod cannot go to the node; empty if it fits.
   *
   * @param used requests already placed on the node (bound, non-terminal pods)
   * @param podCount pods already placed on the node
   */
  public static List<String> unfitReasons(Pod pod, Node node, Map<String, BigDecimal> used, int podCount) {
    List<String> reasons = new ArrayList<>();
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())
        && !tolerates(pod, new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null))) {
      reasons.add(REASON_UNSCHEDULABLE);
    }
    // A node that is not Ready carries the not-ready taint upstream (node lifecycle controller).
    List<Taint> taints = new ArrayList<>(node.getSpec() == null ? List.of() : nullSafe(node.getSpec().getTaints()));
    if (!isReady(node)) {
      taints.add(new Taint("NoSchedule", "node.kubernetes.io/not-ready", null, null));
    }
    for (Taint taint : taints) {
      if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect())) && !tolerates(pod, taint)) {
        reasons.add("node(s) had untolerated taint {" + taint.getKey() + ": "
            + (taint.getValue() == null ? "" : taint.getValue()) + "}");
        break;
      }
    }
    Map<String, String> selector = pod.getSpec() == null ? null : pod.getSpec().getNodeSelector();
    if (selector != null && !selector.isEmpty()) {
      Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      if (!selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
        reasons.add(REASON_SELECTOR);
      }
    }
    Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
    if (allocatable == null || allocatable.isEmpty()) {
      allocatable = node.getStatus() == null ? null : node.getStatus().getCapacity();
    }
    Map<String, Quantity> alloc = allocatable == null ? Map.of() : allocatable;
    Quantity maxPods = alloc.get("pods");
    if (maxPods != null && podCount + 1 > maxPods.getNumericalAmount().intValue()) {
      reasons.add(REASON_TOO_MANY_PODS);
    }
    requests(pod).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getValue().signum() <= 0 || "pods".equals(e.getKey())) {
        return;
      }
      Quantity cap = alloc.get(e.getKey());
      BigDecimal free = cap == null ? BigDecimal.ZERO
          : cap.getNumericalAmount().subtract(used.getOrDefault(e.getKey(), BigDecimal.ZERO));
      if (e.getValue().compareTo(free) > 0) {
        reasons.add("Insufficient " + e.getKey());
      }
    });
    return reasons;
  }

  public static boolean isReady(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Upstream {@code v1helper.TolerationsTolerateTaint} / {@code Toleration.ToleratesTaint}. */
  static boolean tolerates(Pod pod, Taint taint) {
    List<Toleration> tolerations = pod.getSpec() == null ? List.of() : nullSafe(pod.getSpec().getTolerations());
    for (Toleration t : tolerations) {
      if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
        continue;
      }
      if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
        continue;
      }
      if ((t.getKey() == null || t.getKey().isEmpty()) && !"Exists".equals(t.getOperator())) {
        continue;
      }
      if ("Exists".equals(t.getOperator())) {
        return true;
      }
      String want = t.getValue() == null ? "" : t.getValue();
      String have = taint.getValue() == null ? "" : taint.getValue();
      if (want.equals(have)) {
        return true;
      }
    }
    return false;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}

package dev.klite.controller.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure placement decision for one pod: filter nodes with {@link NodeFit}, pick the least
 * allocated (upstream's default {@code NodeResourcesFit} LeastAllocated score), or explain the
 * failure with upstream's {@code FitError} message ({@code pkg/scheduler/framework/types.go}).
 */
public final class SchedulingPolicy {

  /** Upstream {@code ErrNoNodesAvailable}. */
  static final String NO_NODES = "no nodes available to schedule pods";

  /** Either a node name or an unschedulable message. */
  public record Decision(Optional<String> node, String message) {
    static Decision bind(String node) {
      return new Decision(Optional.of(node), "");
    }

    static Decision unschedulable(String message) {
      return new Decision(Optional.empty(), message);
    }
  }

  /** Requests and pod count placed on one node. */
  public record NodeUsage(Map<String, BigDecimal> requests, int pods) {
    public static final NodeUsage EMPTY = new NodeUsage(Map.of(), 0);

    public NodeUsage {
      requests = Map.copyOf(requests);
    }

    NodeUsage plus(Map<String, BigDecimal> more) {
      Map<String, BigDecimal> sum = new HashMap<>(requests);
      more.forEach((k, v) -> sum.merge(k, v, BigDecimal::add));
      return new NodeUsage(sum, pods + 1);
    }
  }

  private SchedulingPolicy() {}

  /** Usage per node of the given pods that are bound and not terminal. */
  public static Map<String, NodeUsage> usage(List<Pod> pods) {
    Map<String, NodeUsage> byNode = new HashMap<>();
    for (Pod p : pods) {
      String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if (node == null || node.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      byNode.put(node, byNode.getOrDefault(node, NodeUsage.EMPTY).plus(NodeFit.requests(p)));
    }
    return byNode;
  }

  public static Decision schedule(Pod pod, List<Node> nodes, Map<String, NodeUsage> usage) {
    if (nodes.isEmpty()) {
      return Decision.unschedulable(NO_NODES);
    }
    Map<String, Integer> reasonCounts = new TreeMap<>();
    int resourceOnly = 0;
    List<Node> feasible = new ArrayList<>();
    for (Node node : nodes) {
      NodeUsage u = usage.getOrDefault(node.getMetadata().getName(), NodeUsage.EMPTY);
      List<String> reasons = NodeFit.unfitReasons(pod, node, u.requests(), u.pods());
      if (reasons.isEmpty()) {
        feasible.add(node);
        continue;
      }
      reasons.forEach(r -> reasonCounts.merge(r, 1, Integer::sum));
      if (reasons.stream().allMatch(r -> r.startsWith("Insufficient ") || r.equals(NodeFit.REASON_TOO_MANY_PODS))) {
        resourceOnly++;
      }
    }
    if (!feasible.isEmpty()) {
      Map<String, BigDecimal> req = NodeFit.requests(pod);
      return Decision.bind(feasible.stream()
          .min(Comparator.comparing((Node n) -> allocatedFraction(n, usage, req))
              .thenComparing(n -> n.getMetadata().getName()))
          .orElseThrow().getMetadata().getName());
    }
    return Decision.unschedulable(fitError(nodes.size(), reasonCounts, resourceOnly));
  }

  /**
   * {@code 0/N nodes are available: <count reason, ...>. preemption: 0/N nodes are available:
   * <count No preemption victims found for incoming pod>, <count Preemption is not helpful for scheduling>.}
   * Both lists are sorted as strings, as upstream sorts its histogram.
   */
  static String fitError(int nodeCount, Map<String, Integer> reasonCounts, int resourceOnly) {
    List<String> parts = new ArrayList<>();
    reasonCounts.forEach((reason, count) -> parts.add(count + " " + reason));
    parts.sort(null);
    List<String> preemption = new ArrayList<>();
    if (resourceOnly > 0) {
      preemption.add(resourceOnly + " No preemption victims found for incoming pod");
    }
    if (nodeCount - resourceOnly > 0) {
      preemption.add((nodeCount - resourceOnly) + " Preemption is not helpful for scheduling");
    }
    preemption.sort(null);
    return "0/" + nodeCount + " nodes are available: " + String.join(", ", parts) + ". preemption: 0/" + nodeCount
        + " nodes are available: " + String.join(", ", preemption) + ".";
  }

  private static BigDecimal allocatedFraction(Node n, Map<String, NodeUsage> usage, Map<String, BigDecimal> req) {
    NodeUsage u = usage.getOrDefault(n.getMetadata().getName(), NodeUsage.EMPTY).plus(req);
    BigDecimal total = BigDecimal.ZERO;
    for (String r : List.of("cpu", "memory")) {
      var alloc = n.getStatus() == null || n.getStatus().getAllocatable() == null ? null : n.getStatus().getAllocatable().get(r);
      if (alloc == null || alloc.getNumericalAmount().signum() == 0) {
        continue;
      }
      total = total.add(u.requests().getOrDefault(r, BigDecimal.ZERO).divide(alloc.getNumericalAmount(), MathContext.DECIMAL64));
    }
    return total;
  }
}

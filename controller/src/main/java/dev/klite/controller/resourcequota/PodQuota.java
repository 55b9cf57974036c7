package dev.klite.controller.resourcequota;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Pure per-pod quota rules: which pods are charged, their scopes, and their effective requests and
 * limits (upstream {@code pkg/quota/v1/evaluator/core/pods.go} {@code QuotaV1Pod}, {@code podMatchesScopeFunc},
 * and {@code k8s.io/component-helpers/resource} {@code PodRequests}/{@code PodLimits}).
 */
final class PodQuota {

  /** A summed resource: exact value, and whether the first addend used a binary suffix (for printing). */
  record Amount(BigDecimal value, boolean binary) {
    Amount plus(Amount other) {
      return new Amount(value.add(other.value), binary);
    }

    Amount max(Amount other) {
      return value.compareTo(other.value) >= 0 ? this : other;
    }
  }

  private PodQuota() {}

  /**
   * Whether the pod's compute resources and its "pods" count are charged: not terminal, and not
   * stuck terminating past its deletion grace period.
   */
  static boolean charged(Pod pod, Instant now) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return false;
    }
    String deletion = pod.getMetadata().getDeletionTimestamp();
    Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (deletion != null && grace != null) {
      return !now.isAfter(Instant.parse(deletion).plusSeconds(grace));
    }
    return true;
  }

  /** Quota scopes of a pod (only the scopes upstream defines for pods without priority classes). */
  static boolean matchesScope(String scope, Pod pod) {
    return switch (scope) {
      case "Terminating" -> isTerminating(pod);
      case "NotTerminating" -> !isTerminating(pod);
      case "BestEffort" -> isBestEffort(pod);
      case "NotBestEffort" -> !isBestEffort(pod);
      default -> false;
    };
  }

  private static boolean isTerminating(Pod pod) {
    Long deadline = pod.getSpec().getActiveDeadlineSeconds();
    return deadline != null && deadline >= 0;
  }

  private static boolean isBestEffort(Pod pod) {
    for (Container c : allContainers(pod)) {
      if (c.getResources() == null) {
        continue;
      }
      if (hasCpuOrMemory(c.getResources().getRequests()) || hasCpuOrMemory(c.getResources().getLimits())) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasCpuOrMemory(Map<String, Quantity> list) {
    return list != null && (list.containsKey("cpu") || list.containsKey("memory"));
  }

  static Map<String, Amount> requests(Pod pod) {
    return effective(pod, c -> c.getResources() == null ? null : c.getResources().getRequests());
  }

  static Map<String, Amount> limits(Pod pod) {
    return effective(pod, c -> c.getResources() == null ? null : c.getResources().getLimits());
  }

  /**
   * Sum over containers, then the larger of that and what any init container needs while it runs
   * (restartable init containers, i.e. sidecars, run alongside everything after them), plus overhead.
   */
  private static Map<String, Amount> effective(Pod pod, Function<Container, Map<String, Quantity>> of) {
    Map<String, Amount> total = new HashMap<>();
    for (Container c : list(pod.getSpec().getContainers())) {
      add(total, amounts(of.apply(c)));
    }
    Map<String, Amount> sidecars = new HashMap<>();
    Map<String, Amount> initPeak = new HashMap<>();
    for (Container c : list(pod.getSpec().getInitContainers())) {
      Map<String, Amount> own = amounts(of.apply(c));
      Map<String, Amount> whileRunning;
      if ("Always".equals(c.getRestartPolicy())) {
        add(total, own);
        add(sidecars, own);
        whileRunning = new HashMap<>(sidecars);
      } else {
        whileRunning = new HashMap<>(own);
        add(whileRunning, sidecars);
      }
      max(initPeak, whileRunning);
    }
    max(total, initPeak);
    add(total, amounts(pod.getSpec().getOverhead()));
    return total;
  }

  private static List<Container> allContainers(Pod pod) {
    List<Container> all = new java.util.ArrayList<>(list(pod.getSpec().getContainers()));
    all.addAll(list(pod.getSpec().getInitContainers()));
    return all;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static Map<String, Amount> amounts(Map<String, Quantity> list) {
    Map<String, Amount> out = new HashMap<>();
    if (list != null) {
      list.forEach((k, q) -> out.put(k, new Amount(QuotaQuantities.value(q), QuotaQuantities.isBinary(q))));
    }
    return out;
  }

  static void add(Map<String, Amount> into, Map<String, Amount> other) {
    other.forEach((k, v) -> into.merge(k, v, Amount::plus));
  }

  private static void max(Map<String, Amount> into, Map<String, Amount> other) {
    other.forEach((k, v) -> into.merge(k, v, Amount::max));
  }
}

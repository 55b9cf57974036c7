package dev.klite.controller.resourcequota;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import io.fabric8.kubernetes.api.model.Service;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pure usage calculation of one ResourceQuota (upstream {@code pkg/quota/v1/resources.go}
 * {@code CalculateUsage} with the evaluators of {@code pkg/quota/v1/evaluator/core}): for every
 * resource in {@code spec.hard} that an evaluator knows, the namespace's usage; unknown names get
 * no entry, as upstream.
 */
final class QuotaUsage {

  /**
   * What a namespace holds.
   *
   * @param objectCounts object counts by quota resource ({@code configmaps}, {@code jobs.batch}, ...)
   *     for the resources that only have an object-count evaluator
   */
  record Inventory(List<Pod> pods, List<Service> services, Map<String, Long> objectCounts) {}

  /** Compute resources upstream lets a quota name without the {@code requests.} prefix. */
  private static final Set<String> PLAIN_REQUESTS = Set.of("cpu", "memory", "ephemeral-storage");
  /** Object counts upstream tracks under their legacy names (besides {@code count/<resource>}). */
  private static final Set<String> LEGACY_COUNTS = Set.of("configmaps", "secrets", "resourcequotas",
      "persistentvolumeclaims", "replicationcontrollers");

  private QuotaUsage() {}

  /** status.used for the quota, keyed and sorted by resource name; values are canonical quantity strings. */
  static Map<String, String> used(ResourceQuotaSpec spec, Inventory inventory, Instant now) {
    Map<String, String> used = new TreeMap<>();
    if (spec == null || spec.getHard() == null) {
      return used;
    }
    List<String> scopes = spec.getScopes() == null ? List.of() : spec.getScopes();
    List<Pod> inScope = inventory.pods().stream()
        .filter(p -> scopes.stream().allMatch(s -> PodQuota.matchesScope(s, p))).toList();
    List<Pod> charged = inScope.stream().filter(p -> PodQuota.charged(p, now)).toList();
    Map<String, PodQuota.Amount> requests = new TreeMap<>();
    Map<String, PodQuota.Amount> limits = new TreeMap<>();
    for (Pod pod : charged) {
      PodQuota.add(requests, PodQuota.requests(pod));
      PodQuota.add(limits, PodQuota.limits(pod));
    }
    for (Map.Entry<String, Quantity> hard : spec.getHard().entrySet()) {
      String name = hard.getKey();
      Optional<String> value = podUsage(name, inScope, charged, requests, limits);
      if (value.isEmpty() && scopes.isEmpty()) {
        value = objectUsage(name, inventory);
      }
      value.ifPresent(v -> used.put(name, v));
    }
    return used;
  }

  private static Optional<String> podUsage(String name, List<Pod> inScope, List<Pod> charged,
      Map<String, PodQuota.Amount> requests, Map<String, PodQuota.Amount> limits) {
    if (name.equals("pods")) {
      return Optional.of(QuotaQuantities.count(charged.size()));
    }
    if (name.equals("count/pods")) {
      // Object counts track every pod in storage, terminal or not.
      return Optional.of(QuotaQuantities.count(inScope.size()));
    }
    if (PLAIN_REQUESTS.contains(name)) {
      return Optional.of(format(requests.get(name)));
    }
    if (name.startsWith("requests.")) {
      return Optional.of(format(requests.get(name.substring("requests.".length()))));
    }
    if (name.startsWith("limits.")) {
      return Optional.of(format(limits.get(name.substring("limits.".length()))));
    }
    return Optional.empty();
  }

  private static Optional<String> objectUsage(String name, Inventory inventory) {
    switch (name) {
      case "services", "count/services":
        return Optional.of(QuotaQuantities.count(inventory.services().size()));
      case "services.loadbalancers":
        return Optional.of(QuotaQuantities.count(inventory.services().stream()
            .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).count()));
      case "services.nodeports":
        return Optional.of(QuotaQuantities.count(inventory.services().stream().mapToLong(QuotaUsage::nodePorts).sum()));
      default:
        break;
    }
    String resource = name.startsWith("count/") ? name.substring("count/".length())
        : LEGACY_COUNTS.contains(name) ? name : null;
    if (resource == null || !inventory.objectCounts().containsKey(resource)) {
      return Optional.empty();
    }
    return Optional.of(QuotaQuantities.count(inventory.objectCounts().get(resource)));
  }

  /** Every port of a NodePort service, or of a LoadBalancer that allocates node ports, takes one. */
  private static long nodePorts(Service s) {
    String type = s.getSpec().getType();
    boolean allocates = "NodePort".equals(type) || ("LoadBalancer".equals(type)
        && !Boolean.FALSE.equals(s.getSpec().getAllocateLoadBalancerNodePorts()));
    return allocates && s.getSpec().getPorts() != null ? s.getSpec().getPorts().size() : 0;
  }

  private static String format(PodQuota.Amount amount) {
    return amount == null ? "0" : QuotaQuantities.format(amount.value(), amount.binary());
  }

  static String format(BigDecimal value, boolean binary) {
    return QuotaQuantities.format(value, binary);
  }
}

package dev.klite.apiserver.quota;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.common.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure: what one new object adds to quota usage, by quota resource name (upstream
 * {@code pkg/quota/v1/evaluator/core}: the object-count evaluator for every resource, the pods
 * and services evaluators). Mirrors the controller's usage calculation, which recomputes usage.
 */
final class ObjectUsage {

  private static final Set<String> LEGACY_COUNTS = Set.of("configmaps", "secrets", "services", "resourcequotas",
      "persistentvolumeclaims", "replicationcontrollers");
  private static final Set<String> PLAIN_REQUESTS = Set.of("cpu", "memory", "ephemeral-storage");

  private ObjectUsage() {}

  static Map<String, BigDecimal> of(ResourceDefinition def, ObjectNode obj) {
    Map<String, BigDecimal> usage = new HashMap<>();
    boolean core = def.group().isEmpty();
    usage.put("count/" + (core ? def.plural() : def.plural() + "." + def.group()), BigDecimal.ONE);
    if (core && LEGACY_COUNTS.contains(def.plural())) {
      usage.put(def.plural(), BigDecimal.ONE);
    }
    if (core && def.plural().equals("pods")) {
      addPod(usage, obj);
    }
    if (core && def.plural().equals("services")) {
      String type = Fields.string(obj, "spec.type", "ClusterIP");
      int ports = Fields.objects(obj, "spec.ports").size();
      boolean nodePorts = type.equals("NodePort")
          || (type.equals("LoadBalancer") && !Boolean.FALSE.equals(Fields.bool(obj, "spec.allocateLoadBalancerNodePorts")));
      usage.put("services.nodeports", BigDecimal.valueOf(nodePorts ? ports : 0));
      usage.put("services.loadbalancers", type.equals("LoadBalancer") ? BigDecimal.ONE : BigDecimal.ZERO);
    }
    return usage;
  }

  /** "pods" and compute resources are charged only for pods that are not terminal (upstream QuotaV1Pod). */
  private static void addPod(Map<String, BigDecimal> usage, ObjectNode pod) {
    String phase = Fields.string(pod, "status.phase", "");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return;
    }
    usage.put("pods", BigDecimal.ONE);
    effective(pod, "requests").forEach((r, v) -> {
      usage.put("requests." + r, v);
      if (PLAIN_REQUESTS.contains(r)) {
        usage.put(r, v);
      }
    });
    effective(pod, "limits").forEach((r, v) -> usage.put("limits." + r, v));
  }

  /** Containers summed, then at least any init container's peak (sidecars run alongside), plus overhead. */
  private static Map<String, BigDecimal> effective(ObjectNode pod, String kind) {
    Map<String, BigDecimal> total = new HashMap<>();
    for (ObjectNode c : Fields.objects(pod, "spec.containers")) {
      add(total, amounts(c.path("resources").path(kind)));
    }
    Map<String, BigDecimal> sidecars = new HashMap<>();
    Map<String, BigDecimal> peak = new HashMap<>();
    for (ObjectNode c : Fields.objects(pod, "spec.initContainers")) {
      Map<String, BigDecimal> own = amounts(c.path("resources").path(kind));
      Map<String, BigDecimal> running;
      if ("Always".equals(c.path("restartPolicy").asString(""))) {
        add(total, own);
        add(sidecars, own);
        running = new HashMap<>(sidecars);
      } else {
        running = new HashMap<>(own);
        add(running, sidecars);
      }
      running.forEach((k, v) -> peak.merge(k, v, BigDecimal::max));
    }
    peak.forEach((k, v) -> total.merge(k, v, BigDecimal::max));
    add(total, amounts(pod.path("spec").path("overhead")));
    return total;
  }

  private static Map<String, BigDecimal> amounts(JsonNode list) {
    Map<String, BigDecimal> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : list.properties()) {
      Quantities.parse(e.getValue().asString("")).ifPresent(v -> out.put(e.getKey(), v));
    }
    return out;
  }

  private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> other) {
    other.forEach((k, v) -> into.merge(k, v, BigDecimal::add));
  }

  /** Pods-only quota scopes upstream defines without priority classes; other scopes match nothing. */
  static boolean matchesScopes(ResourceDefinition def, ObjectNode obj, List<String> scopes) {
    if (scopes.isEmpty()) {
      return true;
    }
    if (!def.group().isEmpty() || !def.plural().equals("pods")) {
      return false;
    }
    boolean terminating = Fields.integer(obj, "spec.activeDeadlineSeconds") != null
        && Fields.integer(obj, "spec.activeDeadlineSeconds") >= 0;
    boolean bestEffort = true;
    for (String path : List.of("spec.containers", "spec.initContainers")) {
      for (ObjectNode c : Fields.objects(obj, path)) {
        for (String kind : List.of("requests", "limits")) {
          JsonNode list = c.path("resources").path(kind);
          if (list.has("cpu") || list.has("memory")) {
            bestEffort = false;
          }
        }
      }
    }
    for (String scope : scopes) {
      boolean match = switch (scope) {
        case "Terminating" -> terminating;
        case "NotTerminating" -> !terminating;
        case "BestEffort" -> bestEffort;
        case "NotBestEffort" -> !bestEffort;
        default -> false;
      };
      if (!match) {
        return false;
      }
    }
    return true;
  }
}

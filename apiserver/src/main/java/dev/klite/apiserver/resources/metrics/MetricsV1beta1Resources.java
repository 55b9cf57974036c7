package dev.klite.apiserver.resources.metrics;

import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics, the resource metrics API that metrics-server
 * serves (k8s.io/metrics/pkg/apis/metrics/v1beta1/types.go) and {@code kubectl top} reads. They
 * are read-only views computed from the kubelets' stats on every request, never stored: the
 * definitions give discovery, OpenAPI and tables; {@code http.ResourceMetricsHandler} serves them.
 */
public final class MetricsV1beta1Resources {
  public static final String GROUP = "metrics.k8s.io";
  public static final String VERSION = "v1beta1";
  public static final String GROUP_VERSION = GROUP + "/" + VERSION;

  /** metrics-server registers get and list only (pkg/api/install.go). */
  private static final List<String> VERBS = List.of("get", "list");

  private MetricsV1beta1Resources() {}

  public static List<ResourceDefinition> all() {
    return List.of(
        new ResourceDefinition(GROUP, VERSION, "PodMetrics", "pods", "", List.of(), List.of(), true, VERBS, Set.of(),
            new BasicStrategy(true, false, NameRules::dns1123Subdomain), MetricsTable.pods(), Map.of(), null),
        new ResourceDefinition(GROUP, VERSION, "NodeMetrics", "nodes", "", List.of(), List.of(), false, VERBS,
            Set.of(), new BasicStrategy(false, false, NameRules::dns1123Subdomain), MetricsTable.nodes(), Map.of(),
            null));
  }

  /** {@code defs} followed by the metrics definitions (an aggregated group is listed after the built-in ones). */
  public static List<ResourceDefinition> appendTo(List<ResourceDefinition> defs) {
    List<ResourceDefinition> out = new ArrayList<>(defs);
    out.addAll(all());
    return List.copyOf(out);
  }

  /** Whether a definition is one of these (not backed by the store). */
  public static boolean isMetrics(ResourceDefinition def) {
    return GROUP.equals(def.group());
  }
}

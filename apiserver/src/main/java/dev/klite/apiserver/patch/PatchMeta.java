package dev.klite.apiserver.patch;

import java.util.List;

/**
 * Strategic-merge metadata of the served types: which lists merge and by which key, mirroring
 * the {@code patchStrategy}/{@code patchMergeKey} tags in staging/src/k8s.io/api/core/v1/types.go,
 * staging/src/k8s.io/api/batch/v1/types.go and
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go. Paths are dotted field names from
 * the object root without list indices; a rule matches a path that ends with its pattern at a
 * field boundary, or (patterns starting with {@code ^}) equals it. Lists without a rule are
 * replaced as a whole, as upstream does for atomic lists.
 */
public final class PatchMeta {
  private PatchMeta() {}

  /** How a list merges. {@code mergeKey} null with {@code merge} true means a set of primitives. */
  public record ListRule(String pattern, boolean merge, String mergeKey) {}

  private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

  private static final List<ListRule> RULES = buildRules();

  private static List<ListRule> buildRules() {
    java.util.ArrayList<ListRule> rules = new java.util.ArrayList<>();
    for (String c : CONTAINER_LISTS) {
      rules.add(new ListRule("spec." + c, true, "name"));
      rules.add(new ListRule(c + ".env", true, "name"));
      rules.add(new ListRule(c + ".ports", true, "containerPort"));
      rules.add(new ListRule(c + ".volumeMounts", true, "mountPath"));
      rules.add(new ListRule(c + ".volumeDevices", true, "devicePath"));
      rules.add(new ListRule(c + ".resizePolicy", false, null));
    }
    rules.add(new ListRule("spec.volumes", true, "name"));
    rules.add(new ListRule("spec.imagePullSecrets", true, "name"));
    rules.add(new ListRule("spec.hostAliases", true, "ip"));
    rules.add(new ListRule("spec.topologySpreadConstraints", true, "topologyKey"));
    rules.add(new ListRule("spec.schedulingGates", true, "name"));
    rules.add(new ListRule("spec.resourceClaims", true, "name"));
    rules.add(new ListRule("metadata.finalizers", true, null));
    rules.add(new ListRule("metadata.ownerReferences", true, "uid"));
    rules.add(new ListRule("status.conditions", true, "type"));
    rules.add(new ListRule("^status.addresses", true, "type"));
    rules.add(new ListRule("^status.podIPs", true, "ip"));
    rules.add(new ListRule("^status.hostIPs", true, "ip"));
    rules.add(new ListRule("^spec.ports", true, "port"));
    rules.add(new ListRule("^secrets", true, "name"));
    return List.copyOf(rules);
  }

  /** The rule for the list at {@code path}, or null (replace). */
  public static ListRule listRule(String path) {
    for (ListRule r : RULES) {
      if (r.pattern().startsWith("^")) {
        if (path.equals(r.pattern().substring(1))) return r;
      } else if (path.equals(r.pattern()) || path.endsWith("." + r.pattern())) {
        return r;
      }
    }
    return null;
  }

  /** Volumes are {@code retainKeys}: a volume's source is replaced, not merged. */
  static boolean retainKeys(String path) {
    return path.endsWith("spec.volumes");
  }
}

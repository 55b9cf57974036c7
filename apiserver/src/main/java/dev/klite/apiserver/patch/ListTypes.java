package dev.klite.apiserver.patch;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * How server-side apply treats each list ({@code +listType} / {@code +listMapKey} in
 * staging/src/k8s.io/api/core/v1/types.go, which become {@code x-kubernetes-list-type} and
 * {@code x-kubernetes-list-map-keys}): a {@code map} list is keyed by all its key fields (container
 * ports by {@code containerPort} and {@code protocol}, so 80/TCP and 80/UDP are two items), a
 * {@code set} by value, anything else is atomic. Where the types declare no SSA list type the
 * strategic-merge key of {@link PatchMeta} is the key, as structured-merge-diff derives it from
 * {@code patchMergeKey}. A key field missing from an item takes its schema default, as
 * structured-merge-diff does since k8s 1.27 (only {@code protocol}, default {@code TCP}, is a
 * defaulted key field among the served types).
 */
public final class ListTypes {
  private ListTypes() {}

  /** The kinds of list. */
  public enum Kind { ATOMIC, SET, MAP }

  /** A list's type; {@code keys} is non-empty for {@link Kind#MAP}. */
  public record ListType(Kind kind, List<String> keys) {}

  private static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of());
  private static final ListType SET = new ListType(Kind.SET, List.of());

  /** Lists whose SSA keys differ from their strategic-merge key, matched like {@link PatchMeta} patterns. */
  private static final Map<String, ListType> OVERRIDES = Map.of(
      "containers.ports", new ListType(Kind.MAP, List.of("containerPort", "protocol")),
      "initContainers.ports", new ListType(Kind.MAP, List.of("containerPort", "protocol")),
      "ephemeralContainers.ports", new ListType(Kind.MAP, List.of("containerPort", "protocol")),
      "^spec.ports", new ListType(Kind.MAP, List.of("port", "protocol")),
      "spec.topologySpreadConstraints", new ListType(Kind.MAP, List.of("topologyKey", "whenUnsatisfiable")),
      "^status.addresses", ATOMIC,
      "^status.hostIPs", ATOMIC);

  private static final Map<String, JsonNode> KEY_DEFAULTS = Map.of("protocol", StringNode.valueOf("TCP"));

  /** The list type at {@code path} (dotted field names from the root, without indices). */
  public static ListType of(String path) {
    for (Map.Entry<String, ListType> o : OVERRIDES.entrySet()) {
      String p = o.getKey();
      if (p.startsWith("^") ? path.equals(p.substring(1)) : path.equals(p) || path.endsWith("." + p)) return o.getValue();
    }
    PatchMeta.ListRule rule = PatchMeta.listRule(path);
    if (rule == null || !rule.merge()) return ATOMIC;
    return rule.mergeKey() == null ? SET : new ListType(Kind.MAP, List.of(rule.mergeKey()));
  }

  /** The value of key field {@code key} of a list item, its default when absent, or null. */
  public static JsonNode keyValue(JsonNode item, String key) {
    JsonNode v = item.get(key);
    return v != null && !v.isNull() ? v : KEY_DEFAULTS.get(key);
  }

  /** Whether two items of a map list have the same key (numbers compare by value). */
  public static boolean sameKey(JsonNode a, JsonNode b, List<String> keys) {
    for (String k : keys) {
      JsonNode x = keyValue(a, k);
      JsonNode y = keyValue(b, k);
      if (x == null || y == null ? x != y : !sameValue(x, y)) return false;
    }
    return true;
  }

  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return a.equals(b);
  }
}

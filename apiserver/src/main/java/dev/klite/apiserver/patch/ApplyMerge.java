package dev.klite.apiserver.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an applied configuration into the live object as structured-merge-diff does
 * (sigs.k8s.io/structured-merge-diff/typed/merge.go): maps and structs recursively, {@code map}
 * lists item by item on their full key ({@link ListTypes}), {@code set} lists by value, atomic lists
 * replaced. Live items keep their place; new items are appended in applied order. Pure: the
 * arguments are not modified.
 */
final class ApplyMerge {
  private ApplyMerge() {}

  static ObjectNode merge(ObjectNode live, ObjectNode applied) {
    return mergeObject(live.deepCopy(), applied, "");
  }

  private static ObjectNode mergeObject(ObjectNode live, ObjectNode applied, String path) {
    for (Map.Entry<String, JsonNode> e : applied.properties()) {
      String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode value = e.getValue();
      JsonNode current = live.get(e.getKey());
      if (value.isNull()) {
        live.remove(e.getKey()); // as the strategic merge this replaces: an explicit null clears
      } else if (value.isObject() && current != null && current.isObject()) {
        live.set(e.getKey(), mergeObject((ObjectNode) current, (ObjectNode) value, childPath));
      } else if (value.isArray() && current != null && current.isArray()) {
        live.set(e.getKey(), mergeList((ArrayNode) current, (ArrayNode) value, childPath));
      } else {
        live.set(e.getKey(), value.deepCopy());
      }
    }
    return live;
  }

  private static ArrayNode mergeList(ArrayNode live, ArrayNode applied, String path) {
    ListTypes.ListType type = ListTypes.of(path);
    if (type.kind() == ListTypes.Kind.ATOMIC) return applied.deepCopy();
    ArrayNode out = live.deepCopy();
    for (JsonNode item : applied) {
      int index = -1;
      for (int i = 0; i < out.size() && index < 0; i++) {
        JsonNode have = out.get(i);
        boolean same = type.kind() == ListTypes.Kind.SET ? ListTypes.sameValue(have, item)
            : have.isObject() && item.isObject() && ListTypes.sameKey(have, item, type.keys());
        if (same) index = i;
      }
      if (index < 0) {
        out.add(item.deepCopy());
      } else if (type.kind() == ListTypes.Kind.MAP) {
        out.set(index, mergeObject((ObjectNode) out.get(index), (ObjectNode) item, path));
      }
    }
    return out;
  }
}

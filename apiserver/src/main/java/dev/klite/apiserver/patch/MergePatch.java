package dev.klite.apiserver.patch;

import dev.klite.apiserver.object.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON merge patch (RFC 7386): objects merge recursively, {@code null} deletes, the rest replaces. */
final class MergePatch {
  private MergePatch() {}

  static ObjectNode apply(ObjectNode original, ObjectNode patch) {
    return merge(original.deepCopy(), patch);
  }

  private static ObjectNode merge(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(e.getKey());
      } else if (value.isObject()) {
        JsonNode current = target.get(e.getKey());
        ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : Json.object();
        target.set(e.getKey(), merge(base, (ObjectNode) value));
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
    return target;
  }
}

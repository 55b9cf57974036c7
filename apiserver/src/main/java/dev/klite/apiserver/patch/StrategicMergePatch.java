package dev.klite.apiserver.patch;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch for the served types, with the semantics of
 * staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (mergeMap / mergeSlice):
 * maps merge recursively; {@code null} deletes; lists merge by the key from {@link PatchMeta}
 * or are replaced; directives {@code $patch: replace|merge|delete},
 * {@code $setElementOrder/<field>}, {@code $deleteFromPrimitiveList/<field>} and
 * {@code $retainKeys}. Pure: the original is not modified.
 */
final class StrategicMergePatch {
  private StrategicMergePatch() {}

  static final String PATCH = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String SET_ORDER = "$setElementOrder/";
  static final String DELETE_FROM_PRIMITIVE = "$deleteFromPrimitiveList/";

  static ObjectNode apply(ObjectNode original, ObjectNode patch) {
    return mergeMap(original.deepCopy(), patch, "");
  }

  /** Merges {@code patch} into {@code original} (owned, may be modified) at {@code path}. */
  private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String path) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      String d = directive.asString();
      switch (d) {
        case "replace" -> {
          ObjectNode replaced = patch.deepCopy();
          replaced.remove(PATCH);
          return stripDirectives(replaced, path);
        }
        case "delete" -> {
          return Json.object();
        }
        case "merge" -> { }
        default -> throw invalid("Unknown patch type: " + d + " in map: " + Json.string(patch));
      }
    }
    JsonNode retain = patch.get(RETAIN_KEYS);
    if (retain != null && retain.isArray()) {
      Set<String> keep = new HashSet<>();
      retain.forEach(k -> keep.add(k.asString()));
      original.retain(keep);
    }
    Map<String, JsonNode> orders = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals(PATCH) || key.equals(RETAIN_KEYS)) continue;
      if (key.startsWith(SET_ORDER)) {
        orders.put(key.substring(SET_ORDER.length()), value);
        continue;
      }
      if (key.startsWith(DELETE_FROM_PRIMITIVE)) {
        deleteFromPrimitiveList(original, key.substring(DELETE_FROM_PRIMITIVE.length()), value);
        continue;
      }
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (value.isNull()) {
        original.remove(key);
        continue;
      }
      JsonNode current = original.get(key);
      if (value.isObject()) {
        ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : Json.object();
        ObjectNode merged = mergeMap(base, (ObjectNode) value, childPath);
        if (isDeleteDirective(value)) original.remove(key);
        else original.set(key, merged);
      } else if (value.isArray()) {
        ArrayNode base = current != null && current.isArray() ? (ArrayNode) current : Json.array();
        original.set(key, mergeList(base, (ArrayNode) value, childPath));
      } else {
        original.set(key, value.deepCopy());
      }
    }
    for (Map.Entry<String, JsonNode> e : orders.entrySet()) {
      JsonNode list = original.get(e.getKey());
      if (list != null && list.isArray() && e.getValue().isArray()) {
        String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        original.set(e.getKey(), reorder((ArrayNode) list, (ArrayNode) e.getValue(), PatchMeta.listRule(childPath)));
      }
    }
    return original;
  }

  private static boolean isDeleteDirective(JsonNode value) {
    return value.isObject() && "delete".equals(value.path(PATCH).asString(""));
  }

  private static void deleteFromPrimitiveList(ObjectNode original, String field, JsonNode values) {
    JsonNode list = original.get(field);
    if (list == null || !list.isArray() || !values.isArray()) return;
    Set<JsonNode> remove = new HashSet<>();
    values.forEach(remove::add);
    ArrayNode kept = Json.array();
    for (JsonNode item : list) {
      if (!remove.contains(item)) kept.add(item);
    }
    original.set(field, kept);
  }

  private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, String path) {
    PatchMeta.ListRule rule = PatchMeta.listRule(path);
    boolean replaceAll = false;
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : patch) {
      if (item.isObject() && item.has(PATCH) && item.size() == 1) {
        String d = item.get(PATCH).asString();
        if (d.equals("replace")) replaceAll = true;
        else if (!d.equals("merge")) throw invalid("Unknown patch type: " + d + " in list: " + Json.string(patch));
        continue;
      }
      items.add(item);
    }
    if (rule == null || !rule.merge() || replaceAll) {
      ArrayNode out = Json.array();
      for (JsonNode item : items) {
        out.add(item.isObject() ? stripDirectives(((ObjectNode) item).deepCopy(), path) : item.deepCopy());
      }
      return out;
    }
    ArrayNode merged = original.deepCopy();
    if (rule.mergeKey() == null) {
      Set<JsonNode> present = new HashSet<>();
      merged.forEach(present::add);
      for (JsonNode item : items) {
        if (present.add(item)) merged.add(item.deepCopy());
      }
      return merged;
    }
    String key = rule.mergeKey();
    for (JsonNode item : items) {
      if (!item.isObject()) throw invalid("unable to merge a non-map item into list " + path + ": " + Json.string(item));
      JsonNode keyValue = item.get(key);
      if (keyValue == null) {
        throw invalid("map: " + Json.string(item) + " does not contain declared merge key: " + key);
      }
      int index = indexOf(merged, key, keyValue);
      String d = item.path(PATCH).asString("");
      if (d.equals("delete")) {
        while (index >= 0) {
          merged.remove(index);
          index = indexOf(merged, key, keyValue);
        }
      } else if (index >= 0) {
        ObjectNode base = (ObjectNode) merged.get(index);
        merged.set(index, mergeMap(base, (ObjectNode) item, path));
      } else {
        merged.add(mergeMap(Json.object(), (ObjectNode) item, path));
      }
    }
    return merged;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i).get(key);
      if (v != null && sameKey(v, value)) return i;
    }
    return -1;
  }

  /** Merge keys compare by value (80 equals 80 whatever the number node type). */
  private static boolean sameKey(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return a.equals(b);
  }

  /** New content (no original to merge into) with directives removed. */
  private static ObjectNode stripDirectives(ObjectNode node, String path) {
    return mergeMap(Json.object(), node, path);
  }

  /**
   * Orders {@code list} by {@code order} ($setElementOrder): listed items first in that order,
   * then the server-only items in their current relative order.
   */
  private static ArrayNode reorder(ArrayNode list, ArrayNode order, PatchMeta.ListRule rule) {
    String key = rule == null ? null : rule.mergeKey();
    List<JsonNode> remaining = new ArrayList<>();
    list.forEach(remaining::add);
    ArrayNode out = Json.array();
    for (JsonNode o : order) {
      JsonNode wanted = key == null ? o : o.get(key);
      if (wanted == null) continue;
      for (int i = 0; i < remaining.size(); i++) {
        JsonNode candidate = key == null ? remaining.get(i) : remaining.get(i).get(key);
        if (candidate != null && sameKey(candidate, wanted)) {
          out.add(remaining.remove(i));
          break;
        }
      }
    }
    remaining.forEach(out::add);
    return out;
  }

  private static ApiException invalid(String message) {
    return new ApiException(422, "Invalid", message, null, null, null, List.of());
  }
}

package dev.klite.apiserver.object;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Static helpers to read and default fields of a JSON object by a dotted path
 * ({@code "spec.template.spec"}), so strategies and printers avoid raw {@code get(...).get(...)}
 * chains. Reads never throw on absent or wrongly-typed intermediate nodes: they answer "absent".
 * Writes create missing intermediate objects. Path segments are property names; there is no
 * array indexing (iterate {@link #objects} instead).
 */
public final class Fields {
  private Fields() {}

  /** The node at {@code path}, or a MissingNode. A JSON {@code null} counts as missing. */
  public static JsonNode at(JsonNode root, String path) {
    JsonNode cur = root;
    int start = 0;
    while (cur != null && start <= path.length()) {
      int dot = path.indexOf('.', start);
      String seg = dot < 0 ? path.substring(start) : path.substring(start, dot);
      if (!cur.isObject()) return MissingNode.getInstance();
      cur = cur.get(seg);
      if (cur == null || cur.isNull()) return MissingNode.getInstance();
      if (dot < 0) return cur;
      start = dot + 1;
    }
    return MissingNode.getInstance();
  }

  public static boolean has(JsonNode root, String path) {
    return !at(root, path).isMissingNode();
  }

  /** The string at {@code path}, or {@code null} when absent or not a string. */
  public static String string(JsonNode root, String path) {
    JsonNode n = at(root, path);
    return n.isString() ? n.stringValue() : null;
  }

  /** The string at {@code path}, or {@code fallback}. */
  public static String string(JsonNode root, String path, String fallback) {
    String s = string(root, path);
    return s == null ? fallback : s;
  }

  /** The integral number at {@code path}, or {@code null}. */
  public static Long integer(JsonNode root, String path) {
    JsonNode n = at(root, path);
    return n.isIntegralNumber() ? n.longValue() : null;
  }

  /** The boolean at {@code path}, or {@code null}. */
  public static Boolean bool(JsonNode root, String path) {
    JsonNode n = at(root, path);
    return n.isBoolean() ? n.booleanValue() : null;
  }

  public static boolean isTrue(JsonNode root, String path) {
    return Boolean.TRUE.equals(bool(root, path));
  }

  /** The object at {@code path}, or {@code null}. */
  public static ObjectNode object(JsonNode root, String path) {
    JsonNode n = at(root, path);
    return n.isObject() ? (ObjectNode) n : null;
  }

  /** The object at {@code path}, or a new detached empty object (reads without mutating {@code root}). */
  public static ObjectNode objectOrEmpty(JsonNode root, String path) {
    ObjectNode o = object(root, path);
    return o == null ? JsonNodeFactory.instance.objectNode() : o;
  }

  /** The array at {@code path}, or {@code null}. */
  public static ArrayNode array(JsonNode root, String path) {
    JsonNode n = at(root, path);
    return n.isArray() ? (ArrayNode) n : null;
  }

  /** The object elements of the array at {@code path} (non-objects skipped); empty when absent. */
  public static List<ObjectNode> objects(JsonNode root, String path) {
    ArrayNode arr = array(root, path);
    List<ObjectNode> out = new ArrayList<>();
    if (arr != null) {
      for (JsonNode e : arr) {
        if (e.isObject()) out.add((ObjectNode) e);
      }
    }
    return out;
  }

  /** The string elements of the array at {@code path}; empty when absent. */
  public static List<String> strings(JsonNode root, String path) {
    ArrayNode arr = array(root, path);
    List<String> out = new ArrayList<>();
    if (arr != null) {
      for (JsonNode e : arr) {
        if (e.isString()) out.add(e.stringValue());
      }
    }
    return out;
  }

  /** A string-to-string map (labels, annotations, data) at {@code path}; non-strings skipped. */
  public static Map<String, String> stringMap(JsonNode root, String path) {
    ObjectNode obj = object(root, path);
    Map<String, String> out = new LinkedHashMap<>();
    if (obj != null) {
      for (Map.Entry<String, JsonNode> e : obj.properties()) {
        if (e.getValue().isString()) out.put(e.getKey(), e.getValue().stringValue());
      }
    }
    return out;
  }

  /** The object at {@code path}, created (replacing null or non-objects) when absent. */
  public static ObjectNode ensureObject(ObjectNode root, String path) {
    ObjectNode cur = root;
    for (String seg : path.split("\\.")) {
      JsonNode next = cur.get(seg);
      if (next == null || !next.isObject()) {
        next = cur.putObject(seg);
      }
      cur = (ObjectNode) next;
    }
    return cur;
  }

  /** The array at {@code path}, created when absent. */
  public static ArrayNode ensureArray(ObjectNode root, String path) {
    int dot = path.lastIndexOf('.');
    ObjectNode parent = dot < 0 ? root : ensureObject(root, path.substring(0, dot));
    String leaf = path.substring(dot + 1);
    JsonNode n = parent.get(leaf);
    if (n != null && n.isArray()) return (ArrayNode) n;
    return parent.putArray(leaf);
  }

  /** Sets {@code path} to {@code value} (creating parents). */
  public static void set(ObjectNode root, String path, JsonNode value) {
    int dot = path.lastIndexOf('.');
    ObjectNode parent = dot < 0 ? root : ensureObject(root, path.substring(0, dot));
    parent.set(path.substring(dot + 1), value);
  }

  public static void set(ObjectNode root, String path, String value) {
    set(root, path, JsonNodeFactory.instance.stringNode(value));
  }

  public static void set(ObjectNode root, String path, long value) {
    set(root, path, number(value));
  }

  public static void set(ObjectNode root, String path, boolean value) {
    set(root, path, JsonNodeFactory.instance.booleanNode(value));
  }

  /** Sets {@code path} only when absent or null; answers whether it wrote. */
  public static boolean setIfAbsent(ObjectNode root, String path, JsonNode value) {
    if (has(root, path)) return false;
    set(root, path, value);
    return true;
  }

  public static boolean setIfAbsent(ObjectNode root, String path, String value) {
    return setIfAbsent(root, path, JsonNodeFactory.instance.stringNode(value));
  }

  public static boolean setIfAbsent(ObjectNode root, String path, long value) {
    return setIfAbsent(root, path, number(value));
  }

  public static boolean setIfAbsent(ObjectNode root, String path, boolean value) {
    return setIfAbsent(root, path, JsonNodeFactory.instance.booleanNode(value));
  }

  /** Removes the field at {@code path} when present. */
  public static void remove(ObjectNode root, String path) {
    int dot = path.lastIndexOf('.');
    ObjectNode parent = dot < 0 ? root : object(root, path.substring(0, dot));
    if (parent != null) parent.remove(path.substring(dot + 1));
  }

  /** Copies the node at {@code path} from {@code from} into {@code to} (removing it when absent). */
  public static void copy(ObjectNode from, ObjectNode to, String path) {
    JsonNode n = at(from, path);
    if (n.isMissingNode()) {
      remove(to, path);
    } else {
      set(to, path, n.deepCopy());
    }
  }

  /** Whether the subtrees at {@code path} are equal (absent equals absent). */
  public static boolean sameAt(JsonNode a, JsonNode b, String path) {
    return equivalent(at(a, path), at(b, path));
  }

  /**
   * Deep equality where numbers compare by value, so an int parsed from storage equals the same
   * value written as a long by a defaulter.
   */
  public static boolean equivalent(JsonNode a, JsonNode b) {
    if (a == null || b == null) return a == b;
    return a.equals(NUMERIC_AWARE, b);
  }

  /**
   * Equality as upstream's {@code apiequality.Semantic.DeepEqual} sees two decoded objects:
   * numbers by value, and a null or empty list equal to an absent one (Go's nil and empty slices
   * compare equal there). Empty objects are kept: {@code {}} may be a non-nil struct pointer.
   */
  public static boolean semanticallyEqual(JsonNode a, JsonNode b) {
    return equivalent(withoutEmptyLists(a), withoutEmptyLists(b));
  }

  private static JsonNode withoutEmptyLists(JsonNode n) {
    if (n == null) return null;
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode v = e.getValue();
        if (v.isNull() || (v.isArray() && v.isEmpty())) continue;
        out.set(e.getKey(), withoutEmptyLists(v));
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode e : n) out.add(withoutEmptyLists(e));
      return out;
    }
    return n;
  }

  private static final java.util.Comparator<JsonNode> NUMERIC_AWARE = (x, y) -> {
    if (x.equals(y)) return 0;
    if (x.isNumber() && y.isNumber()) return x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1;
    return 1;
  };

  /** A number node of the narrowest integral type, as the parser would produce. */
  public static JsonNode number(long value) {
    return value == (int) value ? JsonNodeFactory.instance.numberNode((int) value)
        : JsonNodeFactory.instance.numberNode(value);
  }
}

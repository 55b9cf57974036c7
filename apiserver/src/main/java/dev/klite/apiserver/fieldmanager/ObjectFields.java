package dev.klite.apiserver.fieldmanager;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.openapi.UnknownFields;
import dev.klite.apiserver.patch.ListTypes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The field set of an object tree, typed by the kind's fabric8 model class as structured-merge-diff
 * types it by the OpenAPI schema (sigs.k8s.io/structured-merge-diff/typed/tofieldset.go): structs
 * contribute only their fields (an empty struct is a leaf), maps contribute themselves and their
 * keys, associative lists ({@link ListTypes}) one {@code k:} item per element keyed by all its key
 * fields, sets one {@code v:} item per value, other lists are atomic leaves. The server-owned metadata that upstream strips (managedfields/internal/stripmeta.go)
 * is never part of a set.
 */
final class ObjectFields {
  private ObjectFields() {}

  /** Metadata fields no manager owns. */
  private static final Set<String> STRIPPED_META = Set.of("name", "namespace", "creationTimestamp", "selfLink",
      "uid", "generation", "managedFields", "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds");
  /** Items of these lists are atomic structs (OwnerReference is +structType=atomic). */
  private static final Set<String> ATOMIC_ITEMS = Set.of("metadata.ownerReferences");

  static FieldSet of(JsonNode object, Class<?> model) {
    Set<FieldPath> out = new HashSet<>();
    if (object == null || !object.isObject()) return FieldSet.EMPTY;
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      String name = e.getKey();
      if (name.equals("apiVersion") || name.equals("kind")) continue;
      FieldPath path = FieldPath.ROOT.field(name);
      if (name.equals("metadata") && e.getValue().isObject()) {
        for (Map.Entry<String, JsonNode> m : e.getValue().properties()) {
          if (STRIPPED_META.contains(m.getKey())) continue;
          walk(m.getValue(), metaType(m.getKey()), path.field(m.getKey()), "metadata." + m.getKey(), out);
        }
      } else {
        Type t = model == null ? null : UnknownFields.properties(model).get(name);
        walk(e.getValue(), t, path, name, out);
      }
    }
    return FieldSet.of(out);
  }

  private static Type metaType(String field) {
    return UnknownFields.properties(io.fabric8.kubernetes.api.model.ObjectMeta.class).get(field);
  }

  private static void walk(JsonNode node, Type type, FieldPath path, String dotted, Set<FieldPath> out) {
    if (node.isObject()) {
      if (isMap(type)) {
        out.add(path);
        Type values = ((ParameterizedType) type).getActualTypeArguments()[1];
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          walk(e.getValue(), values, path.field(e.getKey()), dotted + "." + e.getKey(), out);
        }
        return;
      }
      Map<String, Type> props = type instanceof Class<?> c ? UnknownFields.properties(c) : Map.of();
      if (props.isEmpty() || node.isEmpty()) {
        out.add(path);
        return;
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Type t = props.get(e.getKey());
        FieldPath child = path.field(e.getKey());
        if (t == null) out.add(child);
        else walk(e.getValue(), t, child, dotted + "." + e.getKey(), out);
      }
      return;
    }
    if (node.isArray() && isCollection(type)) {
      ListTypes.ListType list = ListTypes.of(dotted);
      if (list.kind() == ListTypes.Kind.ATOMIC) {
        out.add(path);
        return;
      }
      // Upstream lists the metadata lists themselves as members; spec/status lists only their items.
      if (dotted.startsWith("metadata.")) out.add(path);
      Type items = ((ParameterizedType) type).getActualTypeArguments()[0];
      for (JsonNode item : node) {
        if (list.kind() == ListTypes.Kind.SET || !item.isObject()) {
          out.add(path.value(item));
          continue;
        }
        ObjectNode keyFields = keyOf(item, list.keys());
        FieldPath itemPath = path.key(keyFields);
        out.add(itemPath);
        if (!ATOMIC_ITEMS.contains(dotted)) {
          Map<String, Type> props = items instanceof Class<?> c ? UnknownFields.properties(c) : Map.of();
          for (Map.Entry<String, JsonNode> e : item.properties()) {
            Type t = props.get(e.getKey());
            FieldPath child = itemPath.field(e.getKey());
            if (t == null) out.add(child);
            else walk(e.getValue(), t, child, dotted + "." + e.getKey(), out);
          }
        }
      }
      return;
    }
    out.add(path);
  }

  /**
   * The {@code k:} key of an item: all key fields, a missing one with its default (a port without
   * protocol is {@code {"containerPort":80,"protocol":"TCP"}}), rendered with sorted names.
   */
  static ObjectNode keyOf(JsonNode item, List<String> keys) {
    ObjectNode key = Json.object();
    for (String k : new TreeSet<>(keys)) {
      JsonNode v = ListTypes.keyValue(item, k);
      if (v != null) key.set(k, v.deepCopy());
    }
    if (key.isEmpty()) key.set(keys.get(0), Json.object().nullNode());
    return key;
  }

  private static boolean isMap(Type t) {
    return t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c && Map.class.isAssignableFrom(c);
  }

  private static boolean isCollection(Type t) {
    return t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c
        && Collection.class.isAssignableFrom(c);
  }

  /** The node at {@code path} in {@code object}, or null. */
  static JsonNode resolve(JsonNode object, FieldPath path) {
    JsonNode n = object;
    for (String e : path.elements()) {
      if (n == null) return null;
      n = step(n, e);
    }
    return n;
  }

  private static JsonNode step(JsonNode n, String e) {
    String body = e.substring(2);
    switch (e.charAt(0)) {
      case 'f':
        return n.isObject() ? n.get(body) : null;
      case 'i':
        return n.isArray() ? n.get(Integer.parseInt(body)) : null;
      default:
        if (!n.isArray()) return null;
        int i = indexOf((ArrayNode) n, e);
        return i < 0 ? null : n.get(i);
    }
  }

  private static int indexOf(ArrayNode list, String element) {
    String body = element.substring(2);
    JsonNode wanted = Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (element.charAt(0) == 'v') {
        if (item.equals(wanted)) return i;
      } else if (item.isObject()) {
        boolean all = true;
        for (Map.Entry<String, JsonNode> k : wanted.properties()) {
          JsonNode have = ListTypes.keyValue(item, k.getKey());
          all &= have != null && sameValue(have, k.getValue());
        }
        if (all) return i;
      }
    }
    return -1;
  }

  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    return a.equals(b);
  }

  /**
   * Removes the members of {@code remove} from {@code object} (in place). A member inside another
   * removed member goes with it: removing it first could lose the key fields its item is found by.
   */
  static void remove(ObjectNode object, Collection<FieldPath> remove) {
    Set<FieldPath> all = new HashSet<>(remove);
    for (FieldPath p : remove) {
      if (p.isRoot() || hasRemovedAncestor(p, all)) continue;
      JsonNode parent = resolve(object, p.parent());
      if (parent == null) continue;
      String e = p.last();
      if (e.startsWith("f:") && parent.isObject()) {
        ((ObjectNode) parent).remove(e.substring(2));
      } else if (parent.isArray()) {
        int i = e.startsWith("i:") ? Integer.parseInt(e.substring(2)) : indexOf((ArrayNode) parent, e);
        if (i >= 0 && i < parent.size()) ((ArrayNode) parent).remove(i);
      }
    }
  }

  private static boolean hasRemovedAncestor(FieldPath p, Set<FieldPath> removed) {
    for (int i = 1; i < p.elements().size(); i++) {
      if (removed.contains(new FieldPath(p.elements().subList(0, i)))) return true;
    }
    return false;
  }

  /**
   * The members of {@code both} whose leaf values differ between the two objects; members with
   * members below them in {@code all} are containers, compared through their children.
   */
  static FieldSet changed(FieldSet both, FieldSet all, JsonNode before, JsonNode after) {
    Set<FieldPath> containers = new HashSet<>();
    for (FieldPath p : all.paths()) {
      for (int i = 1; i < p.elements().size(); i++) containers.add(new FieldPath(p.elements().subList(0, i)));
    }
    Set<FieldPath> out = new HashSet<>();
    for (FieldPath p : both.paths()) {
      if (containers.contains(p)) continue;
      JsonNode a = resolve(before, p);
      JsonNode b = resolve(after, p);
      if (a == null || b == null ? a != b : !sameValue(a, b)) out.add(p);
    }
    return FieldSet.of(out);
  }
}

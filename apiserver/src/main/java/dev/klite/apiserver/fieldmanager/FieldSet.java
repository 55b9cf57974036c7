package dev.klite.apiserver.fieldmanager;

import dev.klite.apiserver.object.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An immutable set of field paths with its fieldsV1 wire form: a tree of path elements where an
 * empty object marks a member leaf and the key {@code "."} marks a member that also has members
 * below it (sigs.k8s.io/structured-merge-diff/fieldpath/serialize.go).
 */
public final class FieldSet {
  public static final FieldSet EMPTY = new FieldSet(Set.of());

  private final Set<FieldPath> paths;

  private FieldSet(Set<FieldPath> paths) {
    this.paths = paths;
  }

  public static FieldSet of(Collection<FieldPath> paths) {
    return new FieldSet(Set.copyOf(paths));
  }

  public Set<FieldPath> paths() {
    return paths;
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public boolean contains(FieldPath p) {
    return paths.contains(p);
  }

  public FieldSet union(FieldSet other) {
    Set<FieldPath> out = new HashSet<>(paths);
    out.addAll(other.paths);
    return new FieldSet(out);
  }

  public FieldSet minus(FieldSet other) {
    Set<FieldPath> out = new HashSet<>(paths);
    out.removeAll(other.paths);
    return new FieldSet(out);
  }

  public FieldSet intersect(FieldSet other) {
    Set<FieldPath> out = new HashSet<>(paths);
    out.retainAll(other.paths);
    return new FieldSet(out);
  }

  /** Members sorted in wire order, for stable messages. */
  public List<FieldPath> sorted() {
    List<FieldPath> out = new ArrayList<>(paths);
    out.sort(Comparator.comparing(p -> String.join("\u0000", p.elements())));
    return out;
  }

  /** The fieldsV1 object: {@code "."} first, then the elements in sorted order. */
  public ObjectNode toFieldsV1() {
    Node root = new Node();
    for (FieldPath p : paths) {
      Node n = root;
      for (String e : p.elements()) n = n.children.computeIfAbsent(e, k -> new Node());
      n.member = true;
    }
    return root.encode();
  }

  /** Decodes a fieldsV1 object; anything that is not an object yields the empty set. */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    Set<FieldPath> out = new LinkedHashSet<>();
    if (fields != null && fields.isObject()) decode(fields, FieldPath.ROOT, out);
    return new FieldSet(Set.copyOf(out));
  }

  private static void decode(JsonNode node, FieldPath path, Set<FieldPath> out) {
    if (node.isEmpty() && !path.isRoot()) {
      out.add(path);
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals(".")) {
        if (!path.isRoot()) out.add(path);
      } else if (e.getValue().isObject()) {
        decode(e.getValue(), path.child(e.getKey()), out);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldSet f && f.paths.equals(paths);
  }

  @Override
  public int hashCode() {
    return paths.hashCode();
  }

  @Override
  public String toString() {
    return Json.string(toFieldsV1());
  }

  private static final class Node {
    boolean member;
    final TreeMap<String, Node> children = new TreeMap<>();

    ObjectNode encode() {
      ObjectNode out = Json.object();
      if (member && !children.isEmpty()) out.putObject(".");
      for (Map.Entry<String, Node> c : children.entrySet()) out.set(c.getKey(), c.getValue().encode());
      return out;
    }
  }
}

package dev.klite.apiserver.fieldmanager;

import dev.klite.apiserver.object.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One path of a managed field set, as a list of fieldsV1 path elements: {@code f:<field>},
 * {@code k:<json of the key fields>} (an item of an associative list), {@code v:<json value>}
 * (an item of a set) and {@code i:<index>}, the encoding of
 * sigs.k8s.io/structured-merge-diff/fieldpath/serialize-pe.go.
 */
public record FieldPath(List<String> elements) {
  public static final FieldPath ROOT = new FieldPath(List.of());

  public FieldPath {
    elements = List.copyOf(elements);
  }

  public FieldPath field(String name) {
    return child("f:" + name);
  }

  /** An associative-list item by its key fields (rendered with sorted keys, as upstream). */
  public FieldPath key(ObjectNode keyFields) {
    return child("k:" + Json.string(keyFields));
  }

  public FieldPath value(JsonNode value) {
    return child("v:" + Json.string(value));
  }

  public FieldPath child(String element) {
    List<String> out = new ArrayList<>(elements.size() + 1);
    out.addAll(elements);
    out.add(element);
    return new FieldPath(out);
  }

  public boolean isRoot() {
    return elements.isEmpty();
  }

  public FieldPath parent() {
    return new FieldPath(elements.subList(0, elements.size() - 1));
  }

  public String last() {
    return elements.get(elements.size() - 1);
  }

  public boolean startsWith(FieldPath prefix) {
    return elements.size() >= prefix.elements.size()
        && elements.subList(0, prefix.elements.size()).equals(prefix.elements);
  }

  /**
   * The path as upstream prints it in conflict messages (fieldpath.Path.String):
   * {@code .spec.template.spec.containers[name="main"].image}, {@code .metadata.finalizers[="x"]}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String e : elements) {
      String body = e.substring(2);
      switch (e.charAt(0)) {
        case 'f' -> sb.append('.').append(body);
        case 'v' -> sb.append("[=").append(body).append(']');
        case 'i' -> sb.append('[').append(body).append(']');
        default -> {
          sb.append('[');
          boolean first = true;
          for (Map.Entry<String, JsonNode> k : Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
              .properties()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(k.getKey()).append('=').append(Json.string(k.getValue()));
          }
          sb.append(']');
        }
      }
    }
    return sb.toString();
  }
}

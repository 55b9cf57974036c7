package dev.klite.apiserver.openapi;

import dev.klite.apiserver.object.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Finds keys repeated within one JSON object, for {@code fieldValidation=Strict}: upstream's strict
 * decoder (sigs.k8s.io/json) reports each as {@code duplicate field "spec.replicas"}, with the
 * full path, after decoding with the last value winning. Paths are rendered as
 * {@link UnknownFields} renders them.
 */
public final class DuplicateFields {
  private DuplicateFields() {}

  /** The paths of repeated keys in a JSON document, in document order; empty for malformed input. */
  public static List<String> find(byte[] json) {
    List<String> out = new ArrayList<>();
    // One frame per open container: its path, the keys seen (objects) or the next index (arrays).
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      String pendingKey = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case PROPERTY_NAME -> {
            Frame f = stack.peek();
            pendingKey = p.currentName();
            if (f != null && !f.keys.add(pendingKey)) out.add(join(f.path, pendingKey));
          }
          case START_OBJECT, START_ARRAY -> {
            String path = childPath(stack.peek(), pendingKey);
            stack.push(new Frame(path, t == JsonToken.START_OBJECT));
            pendingKey = null;
          }
          case END_OBJECT, END_ARRAY -> {
            stack.pop();
            advance(stack.peek());
          }
          default -> advance(stack.peek());
        }
      }
    } catch (tools.jackson.core.JacksonException e) {
      return List.of();
    }
    return out;
  }

  private static String childPath(Frame parent, String key) {
    if (parent == null) return "";
    if (parent.object) return join(parent.path, key);
    return parent.path + "[" + parent.index + "]";
  }

  /** After a value in an array, the next one has the next index. */
  private static void advance(Frame f) {
    if (f != null && !f.object) f.index++;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static final class Frame {
    final String path;
    final boolean object;
    final Set<String> keys = new HashSet<>();
    int index;

    Frame(String path, boolean object) {
      this.path = path;
      this.object = object;
    }
  }
}

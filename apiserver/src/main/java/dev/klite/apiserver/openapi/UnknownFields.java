package dev.klite.apiserver.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Finds fields of a JSON object that its kind does not declare, for {@code fieldValidation=Strict}
 * / {@code Warn} (staging/src/k8s.io/apimachinery/pkg/runtime/serializer/json strict decoding).
 * The declared fields come from the Jackson-annotated properties of the fabric8 model class;
 * map-typed fields accept any key, and types the models do not describe accept anything. Paths
 * are rendered as upstream does: {@code spec.template.spec.containers[0].imagePullPolicyy}.
 */
public final class UnknownFields {
  private UnknownFields() {}

  private static final Map<Class<?>, Map<String, Type>> PROPERTIES = new ConcurrentHashMap<>();

  /** The paths of undeclared fields in {@code object} for the model class {@code model}, in document order. */
  public static List<String> find(JsonNode object, Class<?> model) {
    List<String> out = new ArrayList<>();
    if (model != null) walk(object, model, "", out, false);
    return out;
  }

  /**
   * Removes the undeclared fields of {@code object} in place and answers their paths: what
   * upstream's non-strict decoding drops for {@code fieldValidation=Warn} and {@code Ignore}.
   */
  public static List<String> strip(JsonNode object, Class<?> model) {
    List<String> out = new ArrayList<>();
    if (model != null) walk(object, model, "", out, true);
    return out;
  }

  /** Upstream's message: {@code strict decoding error: unknown field "a", unknown field "b"}. */
  public static String message(List<String> paths) {
    StringBuilder sb = new StringBuilder("strict decoding error: ");
    for (int i = 0; i < paths.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append("unknown field \"").append(paths.get(i)).append('"');
    }
    return sb.toString();
  }

  private static void walk(JsonNode node, Type type, String path, List<String> out, boolean remove) {
    if (node == null || node.isNull()) return;
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw) && node.isArray()) {
        for (int i = 0; i < node.size(); i++) walk(node.get(i), args[0], path + "[" + i + "]", out, remove);
      } else if (Map.class.isAssignableFrom(raw) && node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          walk(e.getValue(), args[1], join(path, e.getKey()), out, remove);
        }
      }
      return;
    }
    if (!(type instanceof Class<?> c) || !node.isObject()) return;
    Map<String, Type> props = properties(c);
    if (props.isEmpty()) return;
    List<String> undeclared = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      Type fieldType = props.get(e.getKey());
      String child = join(path, e.getKey());
      if (fieldType == null) {
        out.add(child);
        undeclared.add(e.getKey());
      } else {
        walk(e.getValue(), fieldType, child, out, remove);
      }
    }
    if (remove) undeclared.forEach(((tools.jackson.databind.node.ObjectNode) node)::remove);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The JSON property names of a fabric8 model class and their Java types (empty = accept anything). */
  public static Map<String, Type> properties(Class<?> c) {
    return PROPERTIES.computeIfAbsent(c, cls -> {
      Map<String, Type> props = new HashMap<>();
      if (!cls.getPackageName().startsWith("io.fabric8.kubernetes.api.model")
          || cls.getSimpleName().equals("IntOrString") || cls.getSimpleName().equals("Quantity")) {
        return props;
      }
      for (Class<?> k = cls; k != null && k != Object.class; k = k.getSuperclass()) {
        for (Field f : k.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) continue;
          JsonProperty p = f.getAnnotation(JsonProperty.class);
          if (p != null) props.put(p.value().isEmpty() ? f.getName() : p.value(), f.getGenericType());
        }
      }
      return props;
    });
  }
}

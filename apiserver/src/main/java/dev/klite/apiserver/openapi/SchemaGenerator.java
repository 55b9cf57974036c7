package dev.klite.apiserver.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.klite.apiserver.object.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates OpenAPI v3 component schemas by reflecting over the Jackson-annotated properties of
 * fabric8 model classes, recursively, with {@code $ref}s between them. Schema names follow
 * upstream's ({@code io.k8s.api.batch.v1.JobSpec}, {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta})
 * so documents look like upstream's to kubectl. Descriptions are not available from the model
 * classes; only top-level kinds get one (from {@link KindDescriptions}).
 */
final class SchemaGenerator {
  private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
  /** fabric8 keeps these meta/v1 types in its core package. */
  private static final Set<String> META_V1 = Set.of("ObjectMeta", "ListMeta", "LabelSelector",
      "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "Status", "StatusDetails", "StatusCause",
      "Condition", "DeleteOptions", "Preconditions", "FieldsV1", "Time", "MicroTime", "Patch");

  /** Schemas by name, sorted like upstream documents. */
  private final Map<String, ObjectNode> schemas = new TreeMap<>();

  Map<String, ObjectNode> schemas() {
    return schemas;
  }

  /** The upstream-style schema name of a fabric8 model class. */
  static String schemaName(Class<?> type) {
    String pkg = type.getPackageName();
    String simple = type.getSimpleName();
    if (simple.equals("Quantity")) return "io.k8s.apimachinery.pkg.api.resource.Quantity";
    if (simple.equals("IntOrString")) return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    if (pkg.equals(FABRIC8)) {
      return META_V1.contains(simple) ? "io.k8s.apimachinery.pkg.apis.meta.v1." + simple : "io.k8s.api.core.v1." + simple;
    }
    if (pkg.startsWith(FABRIC8 + ".")) return "io.k8s.api." + pkg.substring(FABRIC8.length() + 1) + "." + simple;
    return type.getName();
  }

  /** Ensures the schema of {@code type} (and everything it references) exists; returns its name. */
  String define(Class<?> type) {
    String name = schemaName(type);
    if (schemas.containsKey(name)) return name;
    ObjectNode schema = Json.object();
    schemas.put(name, schema);
    if (name.endsWith(".Quantity")) {
      schema.put("type", "string");
      schema.put("description", "Quantity is a fixed-point representation of a number.");
      return name;
    }
    if (name.endsWith(".IntOrString")) {
      schema.put("type", "string");
      schema.put("format", "int-or-string");
      schema.put("description", "IntOrString is a type that can hold an int32 or a string.");
      return name;
    }
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    for (Field f : fields(type)) {
      JsonProperty prop = f.getAnnotation(JsonProperty.class);
      String property = prop.value().isEmpty() ? f.getName() : prop.value();
      ObjectNode propSchema = propertySchema(f.getGenericType());
      String description = FieldDescriptions.of(property);
      if (description != null) propSchema.put("description", description);
      ListExtensions.annotate(f.getDeclaringClass(), property, propSchema);
      properties.set(property, propSchema);
    }
    return name;
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> out = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) continue;
        if (f.isAnnotationPresent(JsonProperty.class)) out.add(f);
      }
    }
    return out;
  }

  /** The schema of a property of Java type {@code t}. */
  ObjectNode propertySchema(Type t) {
    ObjectNode s = Json.object();
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        s.put("type", "array");
        s.set("items", itemSchema(args[0]));
        return s;
      }
      if (Map.class.isAssignableFrom(raw)) {
        s.put("type", "object");
        s.set("additionalProperties", itemSchema(args[1]));
        return s;
      }
      return propertySchema(raw);
    }
    if (!(t instanceof Class<?> c)) {
      s.put("type", "object");
      return s;
    }
    if (c == String.class) {
      s.put("type", "string");
    } else if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
      s.put("type", "integer");
      s.put("format", "int32");
    } else if (c == Long.class || c == long.class) {
      s.put("type", "integer");
      s.put("format", "int64");
    } else if (c == Boolean.class || c == boolean.class) {
      s.put("type", "boolean");
    } else if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
      s.put("type", "number");
      s.put("format", "double");
    } else if (c.isEnum()) {
      s.put("type", "string");
    } else if (c.getPackageName().startsWith(FABRIC8)) {
      String ref = define(c);
      s.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + ref);
      s.putObject("default");
    } else {
      s.put("type", "object");
    }
    return s;
  }

  private ObjectNode itemSchema(Type t) {
    return propertySchema(t);
  }
}

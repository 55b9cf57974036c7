package dev.klite.apiserver.openapi;

import dev.klite.apiserver.object.Json;
import java.util.Collection;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Folds the per-group-version OpenAPI v3 documents into the one Swagger 2.0 document upstream
 * serves at {@code /openapi/v2} (staging/src/k8s.io/kube-openapi/pkg/handler/handler.go). The
 * shapes follow what kubectl's v2 parser accepts (kube-openapi pkg/util/proto/document.go): a
 * reference is a bare {@code $ref} to {@code #/definitions/...} (v3 wraps it in {@code allOf}), a
 * struct has {@code properties} and no {@code type} (an object type means a map and needs
 * {@code additionalProperties}), a free-form object has no type at all.
 */
final class SwaggerV2 {
  private static final String V3_REF = "#/components/schemas/";
  private static final String V2_REF = "#/definitions/";

  private SwaggerV2() {}

  static ObjectNode from(Collection<ObjectNode> v3Documents) {
    ObjectNode doc = Json.object();
    doc.put("swagger", "2.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.4");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode definitions = doc.putObject("definitions");
    for (ObjectNode v3 : v3Documents) {
      for (Map.Entry<String, JsonNode> p : v3.path("paths").properties()) {
        paths.set(p.getKey(), pathItem((ObjectNode) p.getValue()));
      }
      for (Map.Entry<String, JsonNode> s : v3.path("components").path("schemas").properties()) {
        definitions.set(s.getKey(), schema(s.getValue()));
      }
    }
    return doc;
  }

  private static ObjectNode pathItem(ObjectNode v3) {
    ObjectNode out = Json.object();
    for (Map.Entry<String, JsonNode> e : v3.properties()) {
      if (e.getKey().equals("parameters")) out.set("parameters", parameters(e.getValue(), null));
      else out.set(e.getKey(), operation(e.getValue()));
    }
    return out;
  }

  private static ObjectNode operation(JsonNode v3) {
    ObjectNode op = Json.object();
    op.put("description", v3.path("description").asString(""));
    op.put("operationId", v3.path("operationId").asString(""));
    op.set("tags", v3.path("tags").deepCopy());
    ArrayNode consumes = op.putArray("consumes");
    JsonNode body = v3.path("requestBody").path("content");
    body.propertyNames().forEach(consumes::add);
    ArrayNode produces = op.putArray("produces");
    for (String t : new String[] {"application/json", "application/yaml", "application/vnd.kubernetes.protobuf"}) {
      produces.add(t);
    }
    String bodyRef = null;
    for (JsonNode media : body) {
      bodyRef = media.path("schema").path("$ref").asString(null);
      break;
    }
    op.set("parameters", parameters(v3.path("parameters"), bodyRef));
    ObjectNode responses = op.putObject("responses");
    for (Map.Entry<String, JsonNode> r : v3.path("responses").properties()) {
      ObjectNode resp = responses.putObject(r.getKey());
      resp.put("description", r.getValue().path("description").asString(""));
      String ref = r.getValue().path("content").path("application/json").path("schema").path("$ref").asString(null);
      if (ref != null) resp.putObject("schema").put("$ref", ref.replace(V3_REF, V2_REF));
    }
    op.putArray("schemes").add("https");
    for (Map.Entry<String, JsonNode> e : v3.properties()) {
      if (e.getKey().startsWith("x-")) op.set(e.getKey(), e.getValue().deepCopy());
    }
    return op;
  }

  private static ArrayNode parameters(JsonNode v3, String bodyRef) {
    ArrayNode out = Json.array();
    if (bodyRef != null) {
      ObjectNode body = out.addObject();
      body.put("name", "body");
      body.put("in", "body");
      body.put("required", true);
      body.putObject("schema").put("$ref", bodyRef.replace(V3_REF, V2_REF));
    }
    for (JsonNode p : v3) {
      ObjectNode param = out.addObject();
      param.put("name", p.path("name").asString(""));
      param.put("in", p.path("in").asString(""));
      param.put("description", p.path("description").asString(""));
      if (p.path("required").asBoolean(false)) param.put("required", true);
      param.put("type", p.path("schema").path("type").asString("string"));
      param.put("uniqueItems", true);
    }
    return out;
  }

  /** One schema, recursively, in the v2 shape. */
  static ObjectNode schema(JsonNode v3) {
    ObjectNode out = Json.object();
    JsonNode allOf = v3.path("allOf");
    if (allOf.isArray() && allOf.size() == 1 && allOf.get(0).has("$ref")) {
      out.put("$ref", allOf.get(0).get("$ref").asString().replace(V3_REF, V2_REF));
      if (v3.has("description")) out.put("description", v3.get("description").asString());
      return out;
    }
    if (v3.has("$ref")) {
      out.put("$ref", v3.get("$ref").asString().replace(V3_REF, V2_REF));
      return out;
    }
    String type = v3.path("type").asString("");
    boolean struct = v3.has("properties");
    boolean map = v3.has("additionalProperties");
    if (!type.isEmpty() && !(type.equals("object") && !map)) out.put("type", type);
    if (v3.has("format")) out.put("format", v3.get("format").asString());
    if (v3.has("description")) out.put("description", v3.get("description").asString());
    if (v3.has("required")) out.set("required", v3.get("required").deepCopy());
    if (v3.has("items")) out.set("items", schema(v3.get("items")));
    if (map) out.set("additionalProperties", schema(v3.get("additionalProperties")));
    if (struct) {
      ObjectNode props = out.putObject("properties");
      for (Map.Entry<String, JsonNode> p : v3.get("properties").properties()) props.set(p.getKey(), schema(p.getValue()));
    }
    for (Map.Entry<String, JsonNode> e : v3.properties()) {
      if (e.getKey().startsWith("x-")) out.set(e.getKey(), e.getValue().deepCopy());
    }
    return out;
  }
}

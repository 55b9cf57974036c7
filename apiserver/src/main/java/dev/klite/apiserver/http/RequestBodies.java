package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.openapi.DuplicateFields;
import dev.klite.apiserver.openapi.UnknownFields;
import dev.klite.apiserver.registry.DeleteOptions;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Decodes request bodies (JSON or YAML) into object trees with upstream's error wording
 * ({@code Job in version "v1" cannot be handled as a Job: ...}); checks apiVersion and kind
 * against the URL's resource (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go).
 */
final class RequestBodies {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private RequestBodies() {}

  /** The object of a create/update body for {@code def}. */
  static ObjectNode object(RoutingContext ctx, ResourceDefinition def) {
    String validation = fieldValidation(ctx);
    JsonNode node = parse(ctx, def);
    if (!node.isObject()) throw cannotHandle(def, "json: cannot unmarshal " + node.getNodeType().name().toLowerCase(
        Locale.ROOT) + " into Go value of type struct");
    ObjectNode obj = (ObjectNode) node;
    String apiVersion = obj.path("apiVersion").asString("");
    String kind = obj.path("kind").asString("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(def.apiVersion())) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + def.apiVersion() + ")");
    }
    if (!kind.isEmpty() && !kind.equals(def.kind())) {
      throw ApiException.badRequest(kind + " in version \"" + def.version() + "\" cannot be handled as a "
          + def.kind() + ": no kind \"" + kind + "\" is registered for version \"" + def.apiVersion() + "\"");
    }
    if (obj.has("metadata") && !obj.get("metadata").isObject()) {
      throw cannotHandle(def, "json: cannot unmarshal " + obj.get("metadata").getNodeType().name()
          .toLowerCase(Locale.ROOT) + " into Go struct field " + def.kind() + ".metadata of type v1.ObjectMeta");
    }
    checkFields(ctx, def, obj, validation);
    return Responses.withTypeMeta(def, obj);
  }

  /** Where {@link #object} leaves the {@code fieldValidation=Warn} warnings for the response. */
  static final String FIELD_WARNINGS = "klite.fieldWarnings";

  /**
   * Server-side field validation (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go):
   * unknown fields fail a Strict request, become warnings for Warn (the default), pass for Ignore.
   */
  private static void checkFields(RoutingContext ctx, ResourceDefinition def, ObjectNode obj, String validation) {
    if (validation.equals("Strict")) {
      List<String> unknown = UnknownFields.find(obj, def.modelClass());
      List<String> duplicates = isJson(mediaType(ctx)) ? DuplicateFields.find(raw(ctx)) : List.of();
      if (!unknown.isEmpty() || !duplicates.isEmpty()) {
        throw cannotHandle(def, strictMessage(unknown, duplicates));
      }
      return;
    }
    // Non-strict decoding into the typed object drops what the kind does not declare.
    List<String> unknown = UnknownFields.strip(obj, def.modelClass());
    if (validation.equals("Warn")) ctx.put(FIELD_WARNINGS, warnings(unknown));
  }

  /**
   * fieldValidation for the result of a JSON, merge or strategic merge patch
   * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go): Strict fails with 400
   * {@code strict decoding error: unknown field "spec.foo"}; Warn drops the fields with a warning
   * each; Ignore drops them silently. Idempotent, so a retried mutation may call it again.
   */
  static ObjectNode checkPatched(RoutingContext ctx, ResourceDefinition def, ObjectNode patched) {
    String validation = fieldValidation(ctx);
    if (validation.equals("Strict")) {
      List<String> unknown = UnknownFields.find(patched, def.modelClass());
      if (!unknown.isEmpty()) throw ApiException.badRequest(UnknownFields.message(unknown));
      return patched;
    }
    List<String> unknown = UnknownFields.strip(patched, def.modelClass());
    if (validation.equals("Warn")) ctx.put(FIELD_WARNINGS, warnings(unknown));
    return patched;
  }

  /**
   * {@code strict decoding error: unknown field "spec.foo", duplicate field "spec.replicas"}:
   * upstream's strict decoder lists every unknown and repeated field (unknown ones first here).
   */
  static String strictMessage(List<String> unknown, List<String> duplicates) {
    StringBuilder sb = new StringBuilder(unknown.isEmpty() ? "strict decoding error: " : UnknownFields.message(unknown));
    for (int i = 0; i < duplicates.size(); i++) {
      if (i > 0 || !unknown.isEmpty()) sb.append(", ");
      sb.append("duplicate field \"").append(duplicates.get(i)).append('"');
    }
    return sb.toString();
  }

  private static boolean isJson(String mediaType) {
    return mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.equals("*/*");
  }

  private static List<String> warnings(List<String> unknown) {
    return unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
  }

  /** The fieldValidation directive ("" = the default, Warn); 400 for an unknown value. */
  static String fieldValidation(RoutingContext ctx) {
    String validation = ctx.request().getParam("fieldValidation", "");
    if (!validation.isEmpty() && !List.of("Strict", "Warn", "Ignore").contains(validation)) {
      throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + validation
          + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    }
    return validation.isEmpty() ? "Warn" : validation;
  }

  /** The field warnings {@link #object} recorded for this request. */
  static List<String> fieldWarnings(RoutingContext ctx) {
    List<String> w = ctx.get(FIELD_WARNINGS);
    return w == null ? List.of() : w;
  }

  private static JsonNode parse(RoutingContext ctx, ResourceDefinition def) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) throw cannotHandle(def, "Object 'Kind' is missing in ''");
    String ct = mediaType(ctx);
    if (ProtobufBodies.isProtobuf(ct)) return ProtobufBodies.object(body.getBytes(), def.apiVersion(), def.kind());
    try {
      if (ct.isEmpty() || ct.equals("application/json") || ct.equals("*/*")) {
        // Repeated keys: the last wins, as Go's decoder; Strict reports them after decoding.
        return Json.MAPPER.readTree(body.getBytes());
      }
      if (ct.equals("application/yaml") || ct.equals("application/x-yaml") || ct.equals("text/yaml")) {
        return YAML.readTree(body.getBytes());
      }
    } catch (tools.jackson.core.JacksonException e) {
      String msg = e.getOriginalMessage();
      throw cannotHandle(def, msg == null ? e.getClass().getSimpleName() : msg);
    }
    throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
        + "accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf", null, null, null, List.of());
  }

  static String mediaType(RoutingContext ctx) {
    String ct = ctx.request().getHeader("Content-Type");
    if (ct == null) return "";
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  static byte[] raw(RoutingContext ctx) {
    return ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
  }

  private static ApiException cannotHandle(ResourceDefinition def, String detail) {
    return ApiException.badRequest(def.kind() + " in version \"" + def.version() + "\" cannot be handled as a "
        + def.kind() + ": " + detail);
  }

  /** DeleteOptions from an optional JSON body merged with the query (query wins when both set). */
  static DeleteOptions deleteOptions(RoutingContext ctx) {
    ObjectNode body = Json.object();
    Buffer buf = ctx.body() == null ? null : ctx.body().buffer();
    if (buf != null && buf.length() > 0) {
      try {
        String ct = mediaType(ctx);
        JsonNode n = ProtobufBodies.isProtobuf(ct) ? ProtobufBodies.deleteOptions(buf.getBytes())
            : ct.contains("yaml") ? YAML.readTree(buf.getBytes()) : Json.parse(buf.getBytes());
        if (n.isObject()) body = (ObjectNode) n;
      } catch (tools.jackson.core.JacksonException e) {
        throw ApiException.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: "
            + e.getOriginalMessage());
      }
    }
    MultiMap q = ctx.queryParams();
    Long grace = null;
    if (q.contains("gracePeriodSeconds")) {
      grace = parseLong(q.get("gracePeriodSeconds"), "gracePeriodSeconds");
    } else if (body.path("gracePeriodSeconds").isIntegralNumber()) {
      grace = body.get("gracePeriodSeconds").longValue();
    }
    String policy = q.contains("propagationPolicy") ? q.get("propagationPolicy")
        : body.path("propagationPolicy").isString() ? body.get("propagationPolicy").stringValue() : null;
    Boolean orphan = null;
    if (q.contains("orphanDependents")) {
      orphan = Boolean.valueOf(q.get("orphanDependents"));
    } else if (body.path("orphanDependents").isBoolean()) {
      orphan = body.get("orphanDependents").booleanValue();
    }
    JsonNode pre = body.path("preconditions");
    String uid = pre.path("uid").isString() ? pre.get("uid").stringValue() : null;
    String rv = pre.path("resourceVersion").isString() ? pre.get("resourceVersion").stringValue() : null;
    boolean dryRun = dryRun(ctx);
    for (JsonNode d : body.path("dryRun")) dryRun |= "All".equals(d.asString(""));
    return new DeleteOptions(grace, policy, orphan, uid, rv, dryRun);
  }

  /** {@code dryRun=All}; any other value is 400 as upstream's ValidateDryRun. */
  static boolean dryRun(RoutingContext ctx) {
    List<String> values = ctx.queryParams().getAll("dryRun");
    for (String v : values) {
      if (!v.equals("All")) {
        throw ApiException.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
      }
    }
    return !values.isEmpty();
  }

  static long parseLong(String value, String name) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": Invalid value: \"" + value + "\": must be an integer");
    }
  }
}

package dev.klite.apiserver.patch;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a PATCH body to the current object, by Content-Type, as
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go does: JSON patch (RFC 6902,
 * via fabric8's zjsonpatch on Jackson 3 trees), JSON merge patch (RFC 7386) and strategic merge
 * patch ({@link StrategicMergePatch}), and the merge step of server-side apply ({@link ApplyPatch};
 * field ownership is in {@code fieldmanager.FieldManager}). Malformed bodies are 400; patches that cannot be applied are
 * 422; other media types are 415. Pure: returns a patched copy and never touches {@code current}.
 */
public final class Patcher {
  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  public static final String APPLY_PATCH = "application/apply-patch+yaml";

  private Patcher() {}

  /**
   * @param current the live object; may be null only for {@code application/apply-patch+yaml},
   *     where server-side apply creates the object: the result is then the applied configuration
   * @param def the resource, whose kind selects the strategic-merge keys
   * @throws ApiException 400 (malformed), 422 (not applicable), 415 (media type)
   */
  public static ObjectNode apply(ObjectNode current, byte[] body, String contentType, ResourceDefinition def) {
    Objects.requireNonNull(body);
    String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (type.equals(APPLY_PATCH)) return ApplyPatch.apply(current, ApplyPatch.parse(body));
    Objects.requireNonNull(current);
    return switch (type) {
      case JSON_PATCH -> jsonPatch(current, body);
      case MERGE_PATCH -> MergePatch.apply(current, objectBody(body));
      case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(current, objectBody(body));
      default -> throw ApiException.unsupportedMediaType(contentType);
    };
  }

  /** A server-side apply configuration (YAML or JSON), checked to be an object with apiVersion and kind. */
  public static ObjectNode parseApplied(byte[] body) {
    return ApplyPatch.parse(Objects.requireNonNull(body));
  }

  /** {@code live} with the applied configuration merged in (maps and keyed lists merge, other lists replace). */
  public static ObjectNode mergeApplied(ObjectNode live, ObjectNode applied) {
    return ApplyPatch.apply(live, applied);
  }

  private static ObjectNode jsonPatch(ObjectNode current, byte[] body) {
    JsonNode patch = parse(body);
    if (!patch.isArray()) {
      throw ApiException.badRequest("json: cannot unmarshal " + jsonType(patch) + " into Go value of type jsonpatch.Patch");
    }
    JsonNode result;
    try {
      result = JsonPatch.apply(patch, current.deepCopy());
    } catch (JsonPatchException | IllegalArgumentException e) {
      throw new ApiException(422, "Invalid", e.getMessage(), null, null, null, List.of());
    }
    if (!result.isObject()) {
      throw new ApiException(422, "Invalid", "the patched object is not a JSON object", null, null, null, List.of());
    }
    return (ObjectNode) result;
  }

  private static ObjectNode objectBody(byte[] body) {
    JsonNode patch = parse(body);
    if (!patch.isObject()) {
      throw ApiException.badRequest("json: cannot unmarshal " + jsonType(patch) + " into Go value of type map[string]interface {}");
    }
    return (ObjectNode) patch;
  }

  private static JsonNode parse(byte[] body) {
    try {
      return Json.parse(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("error decoding patch: " + e.getOriginalMessage());
    }
  }

  private static String jsonType(JsonNode n) {
    if (n.isArray()) return "array";
    if (n.isString()) return "string";
    if (n.isNumber()) return "number";
    if (n.isBoolean()) return "bool";
    if (n.isObject()) return "object";
    return "null";
  }
}

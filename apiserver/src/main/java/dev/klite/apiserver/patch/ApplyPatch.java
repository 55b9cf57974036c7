package dev.klite.apiserver.patch;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merge step of server-side apply ({@code application/apply-patch+yaml}): the applied
 * configuration is merged into the live object by {@link ApplyMerge} (maps recursively, keyed
 * lists by their full server-side apply key, other lists replaced).
 * Field ownership (conflicts, removal of fields no longer applied, managedFields) is the
 * {@code fieldmanager} package's job.
 */
final class ApplyPatch {
  private ApplyPatch() {}

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** The applied configuration (YAML or JSON), which must be an object with apiVersion, kind and name. */
  static ObjectNode parse(byte[] body) {
    JsonNode node;
    try {
      node = YAML.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("error decoding YAML: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("error decoding YAML: the applied configuration is not an object");
    }
    ObjectNode applied = (ObjectNode) node;
    if (Fields.string(applied, "apiVersion", "").isEmpty() || Fields.string(applied, "kind", "").isEmpty()) {
      throw ApiException.badRequest("invalid object type: /, Kind=");
    }
    return applied;
  }

  /** {@code current} with {@code applied} merged in; {@code current == null} means "create": the applied object. */
  static ObjectNode apply(ObjectNode current, ObjectNode applied) {
    if (current == null) return applied.deepCopy();
    if (!Fields.string(applied, "kind", "").equals(Fields.string(current, "kind", Fields.string(applied, "kind")))) {
      throw ApiException.badRequest("the kind of the applied configuration (" + Fields.string(applied, "kind")
          + ") does not match the object (" + Fields.string(current, "kind") + ")");
    }
    return ApplyMerge.merge(current, applied);
  }
}

package dev.klite.apiserver.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of a write: the object to return, the HTTP status and response warnings.
 *
 * @param object the stored (or would-be-stored for dryRun) object with its resourceVersion
 * @param status 200, 201 or 202
 * @param warnings texts for {@code Warning: 299 - "..."} headers
 */
public record Result(ObjectNode object, int status, List<String> warnings) {
  public Result {
    warnings = List.copyOf(warnings);
  }
}

package dev.klite.apiserver.http;

import dev.klite.apiserver.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two renderers the HTTP layer borrows from the resource packages: the server-side Table
 * printer ({@code table.TableRenderer.render}) and the PATCH engine ({@code patch.Patcher.apply}).
 * Passed in by {@link ApiRouter}'s caller so the routing code stays independent of their
 * implementation.
 */
public record Renderers(TableRender table, PatchApply patch) {

  /** {@code TableRenderer.render}: a meta.k8s.io/v1 Table of the objects. */
  @FunctionalInterface
  public interface TableRender {
    ObjectNode render(ResourceDefinition def, List<ObjectNode> objects, String resourceVersion,
        String continueToken, String includeObject, Instant now, boolean withColumnDefinitions);
  }

  /** {@code Patcher.apply}: a patched copy of {@code current}; throws ApiException itself. */
  @FunctionalInterface
  public interface PatchApply {
    ObjectNode apply(ObjectNode current, byte[] body, String contentType, ResourceDefinition def);
  }
}

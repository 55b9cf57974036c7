package dev.klite.apiserver.registry;

import io.vertx.core.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validating admission step of creates, run after validation and the namespace check and before
 * the object is stored (upstream's validating admission chain on create). It may refuse with an
 * ApiException in a failed future and, unless {@code dryRun}, record what the create uses.
 */
@FunctionalInterface
public interface CreateAdmission {

  CreateAdmission NONE = (def, namespace, object, dryRun) -> Future.succeededFuture();

  Future<Void> admit(ResourceDefinition def, String namespace, ObjectNode object, boolean dryRun);
}

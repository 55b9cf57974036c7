package dev.klite.apiserver.registry;

import io.vertx.core.Future;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mutating admission step of creates (upstream's mutating admission chain, run by
 * handlers/create.go before the strategy's PrepareForCreate and validation). It edits the object
 * in place, dry run or not, and may refuse with an ApiException in a failed future. The registry
 * checks that the namespace exists before it runs (NamespaceLifecycle comes first upstream).
 */
public interface MutatingAdmission {

  MutatingAdmission NONE = new MutatingAdmission() {
    @Override
    public boolean handles(ResourceDefinition def) {
      return false;
    }

    @Override
    public Future<Void> admit(ResourceDefinition def, String namespace, ObjectNode object, boolean dryRun) {
      return Future.succeededFuture();
    }
  };

  /** Whether creates of {@code def} go through this step (others skip it and its namespace check). */
  boolean handles(ResourceDefinition def);

  Future<Void> admit(ResourceDefinition def, String namespace, ObjectNode object, boolean dryRun);
}

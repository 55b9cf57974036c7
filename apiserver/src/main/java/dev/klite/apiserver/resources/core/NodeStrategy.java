package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nodes (pkg/registry/core/node/strategy.go): cluster-scoped; a kubelet registers its Node with
 * a status, so create keeps it; main-resource updates keep the old status; podCIDR may not
 * change once set.
 */
public final class NodeStrategy extends BasicStrategy {
  public NodeStrategy() {
    super(false, true, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public void prepareForCreate(ObjectNode node) {
    // Upstream keeps the status a kubelet sends on registration.
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode node, ObjectNode old) {
    List<StatusCause> causes = super.validateUpdate(node, old);
    String oldCidr = Fields.string(old, "spec.podCIDR", "");
    if (!oldCidr.isEmpty() && !oldCidr.equals(Fields.string(node, "spec.podCIDR", ""))) {
      causes.add(Causes.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"));
    }
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

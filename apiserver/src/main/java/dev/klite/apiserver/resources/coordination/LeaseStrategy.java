package dev.klite.apiserver.resources.coordination;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * coordination.k8s.io/v1 Leases (pkg/apis/coordination/validation/validation.go ValidateLeaseSpec):
 * durations and transitions must be positive / non-negative.
 */
public final class LeaseStrategy extends BasicStrategy {
  public LeaseStrategy() {
    super(true, false, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public List<StatusCause> validate(ObjectNode lease) {
    List<StatusCause> causes = super.validate(lease);
    Long duration = Fields.integer(lease, "spec.leaseDurationSeconds");
    if (duration != null && duration <= 0) {
      causes.add(Causes.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
    }
    MetadataValidation.nonNegative(lease, "spec.leaseTransitions", causes);
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode lease, ObjectNode old) {
    return validate(lease);
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

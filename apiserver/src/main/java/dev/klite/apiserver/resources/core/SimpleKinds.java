package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategies of the core kinds whose only rules are metadata validation and, where a status
 * subresource exists, the status split: ServiceAccount, Endpoints, ResourceQuota, LimitRange.
 */
public final class SimpleKinds {
  private SimpleKinds() {}

  public static BasicStrategy serviceAccounts() {
    return new NoGeneration(false);
  }

  public static BasicStrategy endpoints() {
    return new NoGeneration(false);
  }

  public static BasicStrategy limitRanges() {
    return new NoGeneration(false);
  }

  /** ResourceQuota: {@code spec.hard} quantities must not be negative (ValidateResourceQuota). */
  public static BasicStrategy resourceQuotas() {
    return new NoGeneration(true) {
      @Override
      public List<StatusCause> validate(ObjectNode quota) {
        List<StatusCause> causes = super.validate(quota);
        ObjectNode hard = Fields.object(quota, "spec.hard");
        if (hard != null) {
          for (String key : hard.propertyNames()) {
            String v = hard.get(key).asString();
            if (v.startsWith("-")) {
              causes.add(Causes.invalid("spec.hard[" + key + "]", v, "must be greater than or equal to 0"));
            }
          }
        }
        return causes;
      }

      @Override
      public List<StatusCause> validateUpdate(ObjectNode quota, ObjectNode old) {
        return validate(quota);
      }
    };
  }

  private static class NoGeneration extends BasicStrategy {
    NoGeneration(boolean hasStatus) {
      super(true, hasStatus, MetadataValidation.SUBDOMAIN);
    }

    @Override
    public boolean generationChanged(ObjectNode object, ObjectNode old) {
      return false;
    }
  }
}

package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 Events (pkg/registry/core/event/strategy.go, pkg/apis/core/validation/events.go
 * ValidateEventCreate for the legacy API): the involved object's namespace must match the
 * event's namespace when set.
 */
public final class EventStrategy extends BasicStrategy {
  public EventStrategy() {
    super(true, false, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public List<StatusCause> validate(ObjectNode event) {
    List<StatusCause> causes = super.validate(event);
    String involvedNs = Fields.string(event, "involvedObject.namespace", "");
    String ns = Fields.string(event, "metadata.namespace", "");
    if (!involvedNs.isEmpty() && !involvedNs.equals(ns)) {
      causes.add(Causes.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    }
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

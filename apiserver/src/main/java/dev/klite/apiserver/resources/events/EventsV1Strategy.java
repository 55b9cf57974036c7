package dev.klite.apiserver.resources.events;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events (pkg/registry/core/event/strategy.go with a request version of
 * events.k8s.io/v1): no defaulting, metadata rules, and {@link EventValidation} on the core shape.
 */
public final class EventsV1Strategy extends BasicStrategy {
  public EventsV1Strategy() {
    super(true, false, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public List<StatusCause> validate(ObjectNode event) {
    List<StatusCause> causes = super.validate(event);
    causes.addAll(EventValidation.create(EventConversion.toCore(event)));
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode event, ObjectNode old) {
    List<StatusCause> causes = super.validateUpdate(event, old);
    causes.addAll(EventValidation.update(EventConversion.toCore(event), EventConversion.toCore(old)));
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

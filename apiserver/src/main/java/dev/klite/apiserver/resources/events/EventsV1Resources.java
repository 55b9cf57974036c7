package dev.klite.apiserver.resources.events;

import static dev.klite.apiserver.resources.Selectable.string;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events: the core/v1 Events in storage (pkg/registry/events/rest/storage_events.go),
 * served in the events.k8s.io/v1 shape by {@link EventConversion}.
 */
public final class EventsV1Resources {
  private EventsV1Resources() {}

  public static List<ResourceDefinition> all() {
    return List.of(new ResourceDefinition("events.k8s.io", "v1", "Event", "events", "event", List.of("ev"), List.of(),
        true, ResourceDefinition.ALL_VERBS, Set.of(), new EventsV1Strategy(), new EventsV1Table(), fields(),
        io.fabric8.kubernetes.api.model.events.v1.Event.class, new EventConversion()));
  }

  /**
   * The field selectors of events.k8s.io/v1 (pkg/apis/events/v1/conversion.go field label
   * conversions onto pkg/registry/core/event/strategy.go ToSelectableFields), read from the
   * events.k8s.io/v1 shape.
   */
  static Map<String, Function<ObjectNode, String>> fields() {
    return Map.ofEntries(
        Map.entry("regarding.kind", string("regarding.kind")),
        Map.entry("regarding.namespace", string("regarding.namespace")),
        Map.entry("regarding.name", string("regarding.name")),
        Map.entry("regarding.uid", string("regarding.uid")),
        Map.entry("regarding.apiVersion", string("regarding.apiVersion")),
        Map.entry("regarding.resourceVersion", string("regarding.resourceVersion")),
        Map.entry("regarding.fieldPath", string("regarding.fieldPath")),
        Map.entry("reason", string("reason")),
        Map.entry("reportingController", string("reportingController")),
        Map.entry("source", e -> {
          String component = Fields.string(e, "deprecatedSource.component", "");
          return component.isEmpty() ? Fields.string(e, "reportingController", "") : component;
        }),
        Map.entry("type", string("type")));
  }
}

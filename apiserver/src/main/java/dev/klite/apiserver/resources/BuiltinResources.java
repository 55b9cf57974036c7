package dev.klite.apiserver.resources;

import dev.klite.apiserver.resources.authorization.AuthorizationV1Resources;
import dev.klite.apiserver.resources.batch.BatchV1Resources;
import dev.klite.apiserver.resources.coordination.CoordinationV1Resources;
import dev.klite.apiserver.resources.core.CoreV1Resources;
import dev.klite.apiserver.resources.events.EventsV1Resources;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * Every resource klite serves: core/v1, batch/v1, coordination.k8s.io/v1,
 * events.k8s.io/v1 and authorization.k8s.io/v1 (selfsubjectaccessreviews). Discovery,
 * OpenAPI, routes, tables and field selectors are all derived from this list.
 */
public final class BuiltinResources {
  private BuiltinResources() {}

  private static final List<ResourceDefinition> ALL;

  static {
    List<ResourceDefinition> all = new ArrayList<>(CoreV1Resources.all());
    all.addAll(BatchV1Resources.all());
    all.addAll(CoordinationV1Resources.all());
    all.addAll(EventsV1Resources.all());
    all.addAll(AuthorizationV1Resources.all());
    ALL = List.copyOf(all);
  }

  /** The definitions in discovery order (core first, then named groups). */
  public static List<ResourceDefinition> all() {
    return ALL;
  }
}

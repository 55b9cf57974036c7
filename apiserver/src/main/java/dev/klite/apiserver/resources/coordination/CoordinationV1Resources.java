package dev.klite.apiserver.resources.coordination;

import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.table.SmallTables;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** coordination.k8s.io/v1 Leases (node heartbeats; {@code kubectl describe node} reads them). */
public final class CoordinationV1Resources {
  private CoordinationV1Resources() {}

  public static List<ResourceDefinition> all() {
    return List.of(new ResourceDefinition("coordination.k8s.io", "v1", "Lease", "leases", "lease", List.of(),
        List.of(), true, ResourceDefinition.ALL_VERBS, Set.of(), new LeaseStrategy(), SmallTables.leases(), Map.of(),
        Lease.class));
  }
}

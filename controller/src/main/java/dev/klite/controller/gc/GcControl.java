package dev.klite.controller.gc;

import dev.klite.controller.discovery.Discovery;
import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * Side-effect seam of the garbage collector, over any resource type discovery lists. Called on
 * the collector's worker thread; each method blocks on HTTP and throws
 * {@link io.fabric8.kubernetes.client.KubernetesClientException} on failures other than the ones
 * documented as ignored.
 */
public interface GcControl extends Discovery {

  /**
   * Live GET (not a cache): upstream verifies an owner's absence against the API server before
   * deleting dependents ({@code isDangling} in {@code pkg/controller/garbagecollector/garbagecollector.go}).
   *
   * @param namespace {@code ""} for cluster-scoped types
   */
  Optional<HasMetadata> get(ResourceType type, String namespace, String name);

  /** All objects of a type in all namespaces. */
  List<? extends HasMetadata> list(ResourceType type);

  /**
   * DELETE with {@code preconditions.uid = object.uid} and the propagation policy. 404 and a
   * failed uid precondition (409) are not errors: the object is already gone or replaced.
   */
  void delete(GcObject object, String propagationPolicy);

  /**
   * RFC 6902 JSON patch on the object. 404 is not an error, nor is a failed {@code test} op (409
   * or 422): the patch was computed from a stale snapshot and the next pass recomputes it.
   */
  void patch(GcObject object, String jsonPatch);
}

package dev.klite.controller.namespace;

import dev.klite.controller.discovery.Discovery;
import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Optional;

/**
 * Side-effect seam of the namespace controller. Called on its worker threads; every method blocks
 * on HTTP and throws {@link io.fabric8.kubernetes.client.KubernetesClientException} on failure
 * (409 when a write used a stale {@code resourceVersion}).
 */
public interface NamespaceControl extends Discovery {

  /** Live GET of the namespace (not the cache: other controllers edit it while it terminates). */
  Optional<Namespace> get(String name);

  /** PUT {@code /api/v1/namespaces/{name}/status} with the object's resourceVersion; returns the stored object. */
  Namespace updateStatus(Namespace namespace);

  /**
   * PUT {@code /api/v1/namespaces/{name}/finalize} with {@code spec.finalizers} as given; the API
   * server deletes the namespace once that list and {@code metadata.finalizers} are empty.
   */
  Namespace finalizeNamespace(Namespace namespace);

  /**
   * DELETE of the namespace with a uid precondition; 404 and 409 (already gone or replaced) are
   * not errors.
   */
  void deleteNamespace(Namespace namespace);

  /** Lists all objects of a type in the namespace. */
  List<GenericKubernetesResource> list(ResourceType type, String namespace);

  /**
   * DELETE on the collection with Background propagation.
   *
   * @return false if the server does not support it (405 or 404), so the caller deletes one by one
   */
  boolean deleteCollection(ResourceType type, String namespace);

  /** DELETE of one object with Background propagation; 404 is not an error. */
  void delete(ResourceType type, GenericKubernetesResource object);
}

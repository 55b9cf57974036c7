package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Side-effect seam of the garbage collector. Called on worker threads; each method blocks on one
 * API call and throws {@link io.fabric8.kubernetes.client.KubernetesClientException} on failure.
 */
public interface GcControl {

  /**
   * Live GET (not the cache) of the owner: does an object of this kind, namespace and name with
   * this uid exist? Upstream verifies absence against the API server before deleting dependents
   * ({@code pkg/controller/garbagecollector/garbagecollector.go} {@code isDangling}).
   */
  boolean exists(OwnerKind kind, String namespace, String name, String uid);

  /** DELETE with the given propagation policy ({@code Background} or {@code Foreground}). 404 is not an error. */
  void delete(HasMetadata object, String propagationPolicy);

  /** Removes the ownerReference with {@code ownerUid} from the object's metadata. */
  void removeOwnerReference(HasMetadata object, String ownerUid);

  /** Removes one finalizer from the object's metadata. */
  void removeFinalizer(HasMetadata object, String finalizer);
}

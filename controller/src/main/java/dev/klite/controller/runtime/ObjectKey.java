package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * The identity a work queue carries: namespace and name of an object (namespace is {@code ""} for
 * cluster-scoped objects). Like client-go's {@code cache.MetaNamespaceKeyFunc}, the key never
 * carries the object itself, so a reconcile always reads the newest cached state.
 */
public record ObjectKey(String namespace, String name) {

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
  }

  public static ObjectKey of(HasMetadata object) {
    return new ObjectKey(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** The informer cache key, {@code ns/name} or just {@code name}. */
  public String cacheKey() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  @Override
  public String toString() {
    return cacheKey();
  }
}

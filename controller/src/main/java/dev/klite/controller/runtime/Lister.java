package dev.klite.controller.runtime;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of an informer cache (client-go's listers). Objects returned are shared with
 * the cache: callers must copy before they modify them.
 */
public interface Lister<T> {

  /**
   * The cached object, if any. Never blocks; thread-safe. The cache may lag the API server: an
   * absent object may exist already, and a present one may have a newer resourceVersion.
   *
   * @param namespace {@code ""} for cluster-scoped objects
   */
  Optional<T> get(String namespace, String name);

  /** All cached objects in one namespace; never {@code null}; never blocks. */
  List<T> list(String namespace);

  /** All cached objects in all namespaces; never {@code null}; never blocks. */
  List<T> listAll();
}

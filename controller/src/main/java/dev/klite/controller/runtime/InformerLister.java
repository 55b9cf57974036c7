package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link Lister} over a fabric8 {@link SharedIndexInformer}'s indexer. */
public final class InformerLister<T extends HasMetadata> implements Lister<T> {

  private final SharedIndexInformer<T> informer;

  public InformerLister(SharedIndexInformer<T> informer) {
    this.informer = Objects.requireNonNull(informer);
  }

  @Override
  public Optional<T> get(String namespace, String name) {
    return Optional.ofNullable(informer.getIndexer().getByKey(new ObjectKey(namespace, name).cacheKey()));
  }

  @Override
  public List<T> list(String namespace) {
    if (informer.getIndexer().getIndexers().containsKey(Cache.NAMESPACE_INDEX)) {
      return List.copyOf(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
    }
    return informer.getIndexer().list().stream()
        .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
        .toList();
  }

  @Override
  public List<T> listAll() {
    return List.copyOf(informer.getIndexer().list());
  }
}

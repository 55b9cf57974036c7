package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory {@link Lister}; tests fill it directly as upstream tests fill informer indexers. */
public final class FakeLister<T extends HasMetadata> implements Lister<T> {

  private final Map<ObjectKey, T> objects = new LinkedHashMap<>();

  @SafeVarargs
  public static <T extends HasMetadata> FakeLister<T> of(T... items) {
    FakeLister<T> l = new FakeLister<>();
    for (T t : items) {
      l.put(t);
    }
    return l;
  }

  public synchronized void put(T object) {
    objects.put(ObjectKey.of(object), object);
  }

  public synchronized void remove(ObjectKey key) {
    objects.remove(key);
  }

  @Override
  public synchronized Optional<T> get(String namespace, String name) {
    return Optional.ofNullable(objects.get(new ObjectKey(namespace, name)));
  }

  @Override
  public synchronized List<T> list(String namespace) {
    return objects.values().stream().filter(o -> namespace.equals(o.getMetadata().getNamespace())).toList();
  }

  @Override
  public synchronized List<T> listAll() {
    return new ArrayList<>(objects.values());
  }
}

package dev.klite.controller.gc;

import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes a dependent whose owners are all gone (upstream
 * {@code pkg/controller/garbagecollector/garbagecollector.go} {@code attemptToDeleteItem}): the
 * owner is first looked up in the cache and, if missing there, with a live GET, because a cache
 * that has not yet seen a brand-new owner must not cause its dependents to be deleted. With some
 * owners alive, only the dangling references are removed. The deletion uses Background
 * propagation, as upstream does for dependents without blocking owners.
 */
public final class DependentCollector<T extends HasMetadata> implements Reconciler {

  private final Lister<T> dependents;
  private final Map<OwnerKind, Lister<? extends HasMetadata>> owners;
  private final GcControl control;

  public DependentCollector(Lister<T> dependents, Map<OwnerKind, Lister<? extends HasMetadata>> owners, GcControl control) {
    this.dependents = Objects.requireNonNull(dependents);
    this.owners = Map.copyOf(owners);
    this.control = Objects.requireNonNull(control);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<T> found = dependents.get(key.namespace(), key.name());
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return Result.done();
    }
    T dependent = found.get();
    List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences() == null ? List.of()
        : dependent.getMetadata().getOwnerReferences();
    List<OwnerReference> dangling = new ArrayList<>();
    boolean anyUnknown = false;
    for (OwnerReference ref : refs) {
      Optional<OwnerKind> kind = kindOf(ref);
      if (kind.isEmpty()) {
        anyUnknown = true;
      } else if (!alive(kind.get(), key.namespace(), ref)) {
        dangling.add(ref);
      }
    }
    if (dangling.isEmpty()) {
      return Result.done();
    }
    if (!anyUnknown && dangling.size() == refs.size()) {
      control.delete(dependent, "Background");
    } else {
      for (OwnerReference ref : dangling) {
        control.removeOwnerReference(dependent, ref.getUid());
      }
    }
    return Result.done();
  }

  private Optional<OwnerKind> kindOf(OwnerReference ref) {
    for (OwnerKind k : owners.keySet()) {
      if (k.matches(ref)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private boolean alive(OwnerKind kind, String namespace, OwnerReference ref) {
    Optional<? extends HasMetadata> cached = owners.get(kind).get(namespace, ref.getName());
    if (cached.isPresent() && ref.getUid().equals(cached.get().getMetadata().getUid())) {
      return true;
    }
    return control.exists(kind, namespace, ref.getName(), ref.getUid());
  }
}

package dev.klite.controller.gc;

import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finishes the deletion of an owner that carries a garbage-collector finalizer (upstream
 * {@code processDeletingDependentsItem} and {@code orphanDependents} in
 * {@code pkg/controller/garbagecollector/garbagecollector.go}):
 * <ul>
 *   <li>{@code foregroundDeletion}: delete every dependent; once no dependent with
 *       {@code blockOwnerDeletion: true} exists any more, remove the finalizer.
 *   <li>{@code orphan}: remove this owner's ownerReference from every dependent, then the finalizer.
 * </ul>
 */
public final class OwnerFinalizerProcessor<O extends HasMetadata, D extends HasMetadata> implements Reconciler {

  public static final String FOREGROUND = "foregroundDeletion";
  public static final String ORPHAN = "orphan";
  /** Safety net in case a dependent's disappearance is missed; events normally requeue sooner. */
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final Lister<O> owners;
  private final Lister<D> dependents;
  private final GcControl control;
  private final String blockingPropagation;

  /**
   * @param blockingPropagation how blocking dependents are deleted: upstream uses
   *     {@code Foreground} so their own dependents go first; pass {@code Background} for
   *     dependents without dependents (pods), since this collector does not process foreground
   *     finalizers on them
   */
  public OwnerFinalizerProcessor(Lister<O> owners, Lister<D> dependents, GcControl control, String blockingPropagation) {
    this.owners = Objects.requireNonNull(owners);
    this.dependents = Objects.requireNonNull(dependents);
    this.control = Objects.requireNonNull(control);
    this.blockingPropagation = Objects.requireNonNull(blockingPropagation);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<O> found = owners.get(key.namespace(), key.name());
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() == null) {
      return Result.done();
    }
    O owner = found.get();
    List<String> finalizers = owner.getMetadata().getFinalizers() == null ? List.of() : owner.getMetadata().getFinalizers();
    String uid = owner.getMetadata().getUid();
    List<D> mine = dependents.list(key.namespace()).stream().filter(d -> refTo(d, uid).isPresent()).toList();
    if (finalizers.contains(ORPHAN)) {
      for (D d : mine) {
        control.removeOwnerReference(d, uid);
      }
      control.removeFinalizer(owner, ORPHAN);
      return Result.done();
    }
    if (finalizers.contains(FOREGROUND)) {
      boolean blocked = false;
      for (D d : mine) {
        boolean blocking = Boolean.TRUE.equals(refTo(d, uid).orElseThrow().getBlockOwnerDeletion());
        blocked |= blocking;
        if (d.getMetadata().getDeletionTimestamp() == null) {
          control.delete(d, blocking ? blockingPropagation : "Background");
        }
      }
      if (!blocked) {
        control.removeFinalizer(owner, FOREGROUND);
        return Result.done();
      }
      return Result.requeueAfter(RECHECK);
    }
    return Result.done();
  }

  static Optional<OwnerReference> refTo(HasMetadata dependent, String ownerUid) {
    List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
    return refs == null ? Optional.empty() : refs.stream().filter(r -> ownerUid.equals(r.getUid())).findFirst();
  }
}

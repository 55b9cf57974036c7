package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pure: what the garbage collector does with one graph snapshot. Mirrors
 * {@code pkg/controller/garbagecollector/garbagecollector.go}:
 * <ul>
 *   <li>an object being deleted with the {@code orphan} finalizer: strip its uid from every
 *       dependent's ownerReferences, then drop the finalizer ({@code orphanFinalizer});
 *   <li>an object being deleted with {@code foregroundDeletion}: drop the finalizer once no
 *       dependent blocks it ({@code processDeletingDependentsItem}); its dependents are handled
 *       by the next rule because their owner is now "waiting for dependents deletion";
 *   <li>any other object with owners ({@code attemptToDeleteItem}): with a live ("solid") owner,
 *       only references to absent or waiting owners are removed; with only absent/waiting
 *       owners it is deleted: in the foreground if a waiting owner exists and it has dependents
 *       (after un-blocking dependents that are themselves deleting their dependents, which is how
 *       a dependency circle is broken), else Background. An owner whose kind cannot be resolved
 *       leaves the object alone, as upstream's resolution error does.
 * </ul>
 */
public final class GcPlanner {

  /** What an owner reference points at. */
  public enum OwnerState {
    /** Exists and is not waiting for its dependents. */
    SOLID,
    /** Exists, being deleted with {@code foregroundDeletion}. */
    WAITING,
    /** Verified absent (or present with another uid). */
    ABSENT,
    /** Kind unknown to discovery, or not verifiable now. */
    UNRESOLVED
  }

  /** Classifies an owner reference of a dependent; may consult the API server (the only I/O, outside this class). */
  @FunctionalInterface
  public interface OwnerResolver {
    OwnerState state(OwnerReference ref, GcObject dependent);
  }

  private GcPlanner() {}

  public static List<GcAction> plan(OwnerGraph graph, OwnerResolver resolver) {
    Objects.requireNonNull(resolver);
    List<GcAction> actions = new ArrayList<>();
    for (GcObject o : graph.objects()) {
      if (o.deleting()) {
        planDeleting(graph, o, actions);
      } else if (!o.ownerReferences().isEmpty()) {
        planDependent(graph, o, resolver, actions);
      }
    }
    return actions;
  }

  private static void planDeleting(OwnerGraph graph, GcObject o, List<GcAction> actions) {
    if (o.finalizers().contains(GcObject.ORPHAN)) {
      for (GcObject d : graph.dependentsOf(o.uid())) {
        actions.add(new GcAction.RemoveOwnerReferences(d, List.of(o.uid())));
      }
      actions.add(new GcAction.RemoveFinalizer(o, GcObject.ORPHAN));
      return;
    }
    if (o.finalizers().contains(GcObject.FOREGROUND)
        && graph.dependentsOf(o.uid()).stream().noneMatch(d -> d.blocks(o.uid()))) {
      actions.add(new GcAction.RemoveFinalizer(o, GcObject.FOREGROUND));
    }
  }

  private static void planDependent(OwnerGraph graph, GcObject o, OwnerResolver resolver, List<GcAction> actions) {
    List<String> solid = new ArrayList<>();
    List<String> dangling = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (OwnerReference ref : o.ownerReferences()) {
      switch (resolver.state(ref, o)) {
        case SOLID -> solid.add(ref.getUid());
        case WAITING -> waiting.add(ref.getUid());
        case ABSENT -> dangling.add(ref.getUid());
        case UNRESOLVED -> {
          return;
        }
        default -> throw new IllegalStateException();
      }
    }
    if (!solid.isEmpty()) {
      List<String> remove = new ArrayList<>(dangling);
      remove.addAll(waiting);
      if (!remove.isEmpty()) {
        actions.add(new GcAction.RemoveOwnerReferences(o, remove.stream().distinct().toList()));
      }
      return;
    }
    List<GcObject> dependents = graph.dependentsOf(o.uid());
    if (!waiting.isEmpty() && !dependents.isEmpty()) {
      for (GcObject d : dependents) {
        if (d.deletingDependents() && d.blocks(o.uid())) {
          actions.add(new GcAction.UnblockOwner(d, o.uid()));
        }
      }
      actions.add(new GcAction.Delete(o, "Foreground"));
      return;
    }
    String policy = o.finalizers().contains(GcObject.ORPHAN) ? "Orphan"
        : o.finalizers().contains(GcObject.FOREGROUND) ? "Foreground" : "Background";
    actions.add(new GcAction.Delete(o, policy));
  }
}

package dev.klite.controller.gc;

import java.util.List;

/** One write the garbage collector decided on; {@link GcPlanner} produces them, the executor performs them. */
public sealed interface GcAction {

  GcObject target();

  /** DELETE with a uid precondition and the given propagation policy ({@code Background}, {@code Foreground}, {@code Orphan}). */
  record Delete(GcObject target, String propagationPolicy) implements GcAction {}

  /** Remove the ownerReferences to these owner uids (dangling or waiting owners, or an orphaning owner). */
  record RemoveOwnerReferences(GcObject target, List<String> ownerUids) implements GcAction {
    public RemoveOwnerReferences {
      ownerUids = List.copyOf(ownerUids);
    }
  }

  /** Set {@code blockOwnerDeletion: false} on the target's references to {@code ownerUid} (breaks a dependency circle). */
  record UnblockOwner(GcObject target, String ownerUid) implements GcAction {}

  /** Remove one finalizer ({@code foregroundDeletion} or {@code orphan}) from the target. */
  record RemoveFinalizer(GcObject target, String finalizer) implements GcAction {}
}

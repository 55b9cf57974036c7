package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Objects;

/**
 * Pure: which informer events can change what the collector does. Upstream's {@code GraphBuilder.processGraphChanges}
 * ({@code pkg/controller/garbagecollector/graph_builder.go}) queues work only for a new object, a change of owner
 * references, a deletion starting (or its finalizers changing) and a deletion; status updates, the bulk of a running
 * Job's events, change nothing for it, and a sweep per status update was most of the collector's cost.
 */
final class GraphChange {
  private GraphChange() {}

  /** A new object matters when it has owners (they may be gone already) or is already being deleted. */
  static boolean matters(HasMetadata added) {
    ObjectMeta m = added.getMetadata();
    return m != null && (!empty(m.getOwnerReferences()) || m.getDeletionTimestamp() != null);
  }

  static boolean matters(HasMetadata oldObj, HasMetadata newObj) {
    ObjectMeta a = oldObj.getMetadata();
    ObjectMeta b = newObj.getMetadata();
    if (a == null || b == null) {
      return true;
    }
    return !Objects.equals(a.getUid(), b.getUid())
        || !Objects.equals(norm(a.getOwnerReferences()), norm(b.getOwnerReferences()))
        || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
        || !Objects.equals(norm(a.getFinalizers()), norm(b.getFinalizers()));
  }

  static boolean deletionStarted(HasMetadata oldObj, HasMetadata newObj) {
    return oldObj.getMetadata() != null && newObj.getMetadata() != null
        && oldObj.getMetadata().getDeletionTimestamp() == null && newObj.getMetadata().getDeletionTimestamp() != null;
  }

  private static boolean empty(List<?> l) {
    return l == null || l.isEmpty();
  }

  private static List<?> norm(List<?> l) {
    return l == null ? List.of() : l;
  }
}

package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Records GC actions as strings; {@code liveUids} are owners a live GET would find. */
final class FakeGcControl implements GcControl {

  final Set<String> liveUids = new HashSet<>();
  final List<String> actions = new ArrayList<>();

  @Override
  public boolean exists(OwnerKind kind, String namespace, String name, String uid) {
    return liveUids.contains(uid);
  }

  @Override
  public void delete(HasMetadata object, String propagationPolicy) {
    actions.add("delete " + object.getMetadata().getName() + " " + propagationPolicy);
  }

  @Override
  public void removeOwnerReference(HasMetadata object, String ownerUid) {
    actions.add("unown " + object.getMetadata().getName() + " " + ownerUid);
  }

  @Override
  public void removeFinalizer(HasMetadata object, String finalizer) {
    actions.add("unfinalize " + object.getMetadata().getName() + " " + finalizer);
  }
}

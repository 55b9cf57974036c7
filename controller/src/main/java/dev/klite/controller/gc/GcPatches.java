package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure: RFC 6902 patches for the collector's list edits. Every edit is guarded by a {@code test}
 * of the value it expects at that index, so a patch computed from a stale snapshot fails instead
 * of editing the wrong entry (upstream uses a strategic-merge patch keyed by uid for the same
 * reason, {@code pkg/controller/garbagecollector/patch.go}).
 */
public final class GcPatches {

  private GcPatches() {}

  /** @return the patch, or empty if the snapshot has nothing to change */
  public static Optional<String> forAction(GcAction action) {
    GcObject o = action.target();
    List<String> ops = new ArrayList<>();
    if (action instanceof GcAction.RemoveOwnerReferences r) {
      List<OwnerReference> refs = o.ownerReferences();
      for (int i = refs.size() - 1; i >= 0; i--) {
        if (r.ownerUids().contains(refs.get(i).getUid())) {
          ops.add(test("/metadata/ownerReferences/" + i + "/uid", refs.get(i).getUid()));
          ops.add("{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/" + i + "\"}");
        }
      }
    } else if (action instanceof GcAction.UnblockOwner u) {
      List<OwnerReference> refs = o.ownerReferences();
      for (int i = 0; i < refs.size(); i++) {
        if (u.ownerUid().equals(refs.get(i).getUid()) && Boolean.TRUE.equals(refs.get(i).getBlockOwnerDeletion())) {
          ops.add(test("/metadata/ownerReferences/" + i + "/uid", u.ownerUid()));
          ops.add("{\"op\":\"replace\",\"path\":\"/metadata/ownerReferences/" + i + "/blockOwnerDeletion\",\"value\":false}");
        }
      }
    } else if (action instanceof GcAction.RemoveFinalizer f) {
      int i = o.finalizers().indexOf(f.finalizer());
      if (i >= 0) {
        ops.add(test("/metadata/finalizers/" + i, f.finalizer()));
        ops.add("{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}");
      }
    }
    return ops.isEmpty() ? Optional.empty() : Optional.of("[" + String.join(",", ops) + "]");
  }

  private static String test(String path, String value) {
    // uids and finalizer names are DNS-ish tokens; no JSON escaping is needed.
    return "{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":\"" + value + "\"}";
  }
}

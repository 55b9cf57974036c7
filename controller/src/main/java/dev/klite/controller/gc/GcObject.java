package dev.klite.controller.gc;

import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Objects;

/**
 * One node of the garbage collector's graph (upstream {@code node} in
 * {@code pkg/controller/garbagecollector/graph.go}): identity, owners and deletion state of an
 * object, copied out of a cache or list so the graph never shares mutable fabric8 objects.
 *
 * @param namespace {@code ""} for cluster-scoped objects
 * @param deleting whether {@code deletionTimestamp} is set
 */
public record GcObject(ResourceType type, String namespace, String name, String uid,
    List<OwnerReference> ownerReferences, List<String> finalizers, boolean deleting) {

  public static final String FOREGROUND = "foregroundDeletion";
  public static final String ORPHAN = "orphan";

  public GcObject {
    Objects.requireNonNull(type, "type");
    namespace = namespace == null ? "" : namespace;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
    ownerReferences = ownerReferences == null ? List.of() : List.copyOf(ownerReferences);
    finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
  }

  public static GcObject of(ResourceType type, HasMetadata object) {
    ObjectMeta m = object.getMetadata();
    return new GcObject(type, m.getNamespace(), m.getName(), m.getUid(), m.getOwnerReferences(), m.getFinalizers(),
        m.getDeletionTimestamp() != null);
  }

  /** Being deleted in the foreground: upstream's {@code isDeletingDependents}. */
  public boolean deletingDependents() {
    return deleting && finalizers.contains(FOREGROUND);
  }

  public boolean ownedBy(String ownerUid) {
    return ownerReferences.stream().anyMatch(r -> ownerUid.equals(r.getUid()));
  }

  /** Whether some ownerReference to {@code ownerUid} has {@code blockOwnerDeletion: true}. */
  public boolean blocks(String ownerUid) {
    return ownerReferences.stream().anyMatch(r -> ownerUid.equals(r.getUid())
        && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
  }

  @Override
  public String toString() {
    return type.resource() + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
  }
}

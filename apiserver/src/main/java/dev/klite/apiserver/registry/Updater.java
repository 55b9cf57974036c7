package dev.klite.apiserver.registry;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.storage.AsyncKvStore;
import dev.klite.apiserver.storage.KeyScheme;
import dev.klite.store.Bytes;
import dev.klite.store.KeyValue;
import dev.klite.store.WriteResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The update path of the generic registry: read, mutate a copy, apply the update rules of
 * staging/src/k8s.io/apiserver/pkg/registry/rest/update.go (BeforeUpdate), write with
 * compare-and-swap on the read modRevision, and retry on a concurrent write (GuaranteedUpdate).
 * An update that removes the last finalizer of an object whose deletion is due deletes it
 * (store.go shouldDeleteDuringUpdate).
 */
public final class Updater {
  private static final int MAX_ATTEMPTS = 16;

  /** Which rules apply to an update. */
  public enum Mode {
    /** The main resource: status is kept, the strategy's update rules apply. */
    MAIN,
    /**
     * The status subresource: status and the metadata the strategy lets through (labels,
     * annotations, ...) change; the spec is the stored one.
     */
    STATUS,
    /**
     * A server-internal write (pods/binding): generic metadata rules only, no strategy, so a
     * field the user may not change (spec.nodeName) can be set.
     */
    SYSTEM
  }

  /** Turns a copy of the current object into the proposed new one; may throw ApiException. */
  @FunctionalInterface
  public interface Mutation {
    ObjectNode apply(ObjectNode current);
  }

  private final AsyncKvStore kv;

  Updater(AsyncKvStore kv) {
    this.kv = kv;
  }

  Future<Result> update(ResourceDefinition def, String namespace, String name, Mode mode, boolean dryRun,
      Mutation mutation) {
    return attempt(def, namespace, name, mode, dryRun, mutation, 1);
  }

  private Future<Result> attempt(ResourceDefinition def, String namespace, String name, Mode mode,
      boolean dryRun, Mutation mutation, int attempt) {
    Bytes key = KeyScheme.key(def, namespace, name);
    return kv.get(key).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(ApiException.notFound(def.group(), def.plural(), name));
      KeyValue currentKv = found.get();
      ObjectNode old = StoredObjects.decode(def, currentKv);
      ObjectNode proposed = mutation.apply(old.deepCopy());
      Prepared prepared = prepare(def, namespace, name, old, proposed, mode);
      byte[] bytes = StoredObjects.encode(def, prepared.object);
      if (StoredObjects.sameStored(def, bytes, currentKv)) {
        // No change: upstream does not write and the resourceVersion stays (store.go Update).
        return Future.succeededFuture(new Result(old, 200, prepared.warnings));
      }
      if (dryRun) return Future.succeededFuture(new Result(prepared.object, 200, prepared.warnings));
      Future<WriteResult> write = shouldDeleteDuringUpdate(prepared.object, old)
              && !def.strategy().holdsDeletion(prepared.object)
          ? kv.delete(key, currentKv.modRevision())
          : kv.update(key, bytes, currentKv.modRevision());
      return write.compose(result -> {
        if (result instanceof WriteResult.Applied applied) {
          ObjectMeta.of(prepared.object).setResourceVersion(applied.kv().modRevision());
          return Future.succeededFuture(new Result(prepared.object, 200, prepared.warnings));
        }
        if (result instanceof WriteResult.Missing) {
          return Future.failedFuture(ApiException.notFound(def.group(), def.plural(), name));
        }
        if (attempt >= MAX_ATTEMPTS) {
          return Future.failedFuture(ApiException.conflict(def.group(), def.plural(), name,
              ApiException.OPTIMISTIC_LOCK_MSG));
        }
        return attempt(def, namespace, name, mode, dryRun, mutation, attempt + 1);
      });
    });
  }

  private record Prepared(ObjectNode object, List<String> warnings) {}

  private Prepared prepare(ResourceDefinition def, String namespace, String name, ObjectNode old,
      ObjectNode obj, Mode mode) {
    ObjectMeta meta = ObjectMeta.of(obj);
    ObjectMeta oldMeta = ObjectMeta.of(old);
    String rv = meta.resourceVersion();
    if (!rv.isEmpty() && !rv.equals(oldMeta.resourceVersion())) {
      if (!rv.chars().allMatch(Character::isDigit)) {
        throw ApiException.badRequest("invalid resource version: " + rv);
      }
      throw ApiException.conflict(def.group(), def.plural(), name, ApiException.OPTIMISTIC_LOCK_MSG);
    }
    if (!def.kind().equals(obj.path("kind").asString(def.kind()))) {
      throw ApiException.badRequest(obj.path("kind").asString() + " in version \"" + def.version()
          + "\" cannot be handled as a " + def.kind() + ": kind mismatch");
    }
    obj.put("apiVersion", def.apiVersion());
    obj.put("kind", def.kind());
    meta.setName(name);
    meta.setNamespace(def.namespaced() ? namespace : "");
    List<StatusCause> causes = new ArrayList<>();
    if (meta.uid().isEmpty()) {
      meta.setUid(oldMeta.uid());
    } else if (!meta.uid().equals(oldMeta.uid())) {
      causes.add(StatusCause.invalid("metadata.uid", meta.uid(), "field is immutable"));
    }
    meta.setGeneration(oldMeta.generation());
    meta.copyFrom(oldMeta, "creationTimestamp");
    meta.copyFrom(oldMeta, "deletionTimestamp");
    meta.copyFrom(oldMeta, "deletionGracePeriodSeconds");
    ResourceStrategy strategy = def.strategy();
    if (mode == Mode.SYSTEM) {
      meta.copyFrom(oldMeta, "generation");
    } else if (mode == Mode.STATUS) {
      // Only status and the metadata the strategy allows (labels, annotations, ... as upstream's
      // status strategies) may change through /status: the spec comes from the stored object.
      if (old.has("spec")) obj.set("spec", old.get("spec").deepCopy());
      else obj.remove("spec");
      strategy.prepareForStatusUpdate(obj, old);
      causes.addAll(strategy.validateStatusUpdate(obj, old));
      noNewFinalizersWhileDeleting(meta, oldMeta, causes);
    } else {
      if (def.hasStatus()) {
        if (old.has("status")) obj.set("status", old.get("status").deepCopy());
        else obj.remove("status");
      }
      strategy.prepareForUpdate(obj, old);
      causes.addAll(strategy.validateUpdate(obj, old));
      noNewFinalizersWhileDeleting(meta, oldMeta, causes);
    }
    if (!causes.isEmpty()) throw ApiException.invalid(def.group(), def.kind(), name, causes);
    if (mode == Mode.MAIN && strategy.generationChanged(obj, old)) meta.setGeneration(oldMeta.generation() + 1);
    return new Prepared(obj, mode == Mode.SYSTEM ? List.of() : strategy.warningsOnUpdate(obj, old));
  }

  /** ValidateObjectMetaUpdate: an object whose deletion is due takes no new finalizers. */
  private static void noNewFinalizersWhileDeleting(ObjectMeta meta, ObjectMeta oldMeta, List<StatusCause> causes) {
    if (!oldMeta.isBeingDeleted()) return;
    List<String> added = new ArrayList<>(meta.finalizers());
    added.removeAll(oldMeta.finalizers());
    if (!added.isEmpty()) {
      causes.add(StatusCause.forbidden("metadata.finalizers",
          "no new finalizers can be added if the object is being deleted, found new finalizers "
              + goStringSlice(added)));
    }
  }

  /**
   * store.go ShouldDeleteDuringUpdate: the last finalizer is gone and the deletion was due at
   * once (deletionGracePeriodSeconds absent or 0; a namespace has none).
   */
  static boolean shouldDeleteDuringUpdate(ObjectNode obj, ObjectNode old) {
    ObjectMeta meta = ObjectMeta.of(obj);
    Long grace = ObjectMeta.of(old).deletionGracePeriodSeconds();
    return meta.finalizers().isEmpty() && (grace == null || grace == 0) && ObjectMeta.of(old).isBeingDeleted();
  }

  private static String goStringSlice(List<String> values) {
    StringBuilder sb = new StringBuilder("[]string{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append('"').append(values.get(i)).append('"');
    }
    return sb.append('}').toString();
  }
}

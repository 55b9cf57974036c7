package dev.klite.apiserver.registry;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.storage.AsyncKvStore;
import dev.klite.apiserver.storage.KeyScheme;
import dev.klite.store.Bytes;
import dev.klite.store.KeyValue;
import dev.klite.store.WriteResult;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * The DELETE path of the generic registry (store.go Delete, updateForGracefulDeletionAndFinalizers):
 * preconditions, graceful deletion through the strategy, garbage-collection finalizers from the
 * propagation policy, and the final compare-and-swap delete.
 */
final class Deleter {
  static final String ORPHAN = "orphan";
  static final String FOREGROUND = "foregroundDeletion";
  private static final int MAX_ATTEMPTS = 16;

  private final AsyncKvStore kv;
  private final Clock clock;

  Deleter(AsyncKvStore kv, Clock clock) {
    this.kv = kv;
    this.clock = clock;
  }

  static boolean defaultPolicyUsed(DeleteOptions o) {
    return o.propagationPolicy() == null && o.orphanDependents() == null;
  }

  Future<Result> delete(ResourceDefinition def, String namespace, String name, DeleteOptions options) {
    if (options.propagationPolicy() != null && options.orphanDependents() != null) {
      throw ApiException.invalid("meta.k8s.io", "DeleteOptions", "", List.of(
          dev.klite.apiserver.errors.StatusCause.invalid("propagationPolicy", options.propagationPolicy(),
              "orphanDependents and deletionPropagation cannot be both set")));
    }
    String policy = options.propagationPolicy();
    if (policy != null && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
      throw ApiException.invalid("meta.k8s.io", "DeleteOptions", "", List.of(
          dev.klite.apiserver.errors.StatusCause.notSupported("propagationPolicy", policy,
              List.of("Foreground", "Background", "Orphan", "nil"))));
    }
    return attempt(def, namespace, name, options, 1);
  }

  private Future<Result> attempt(ResourceDefinition def, String namespace, String name, DeleteOptions options,
      int attempt) {
    Bytes key = KeyScheme.key(def, namespace, name);
    return kv.get(key).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(ApiException.notFound(def.group(), def.plural(), name));
      KeyValue currentKv = found.get();
      ObjectNode current = StoredObjects.decode(def, currentKv);
      checkPreconditions(def, name, current, options);
      List<String> warnings = new ArrayList<>();
      String policy = policy(def, options, warnings);
      ObjectNode next = current.deepCopy();
      ObjectMeta meta = ObjectMeta.of(next);
      boolean changed = applyFinalizers(meta, policy);
      boolean graceful = false;
      OptionalLong grace = def.strategy().deletionGracePeriodSeconds(next, options.gracePeriodSeconds());
      Long pending = meta.isBeingDeleted() ? meta.deletionGracePeriodSeconds() : null;
      if (grace.isPresent() && pending != null && pending > 0) {
        // rest.BeforeDelete (apiserver/pkg/registry/rest/delete.go): a pending graceful deletion can only be
        // shortened, by the request's own period, and the new deadline counts from when the first one was asked.
        // Shortened to 0 with finalizers left, the object goes as soon as the last finalizer does.
        Long requested = options.gracePeriodSeconds();
        if (requested != null && requested < 0) requested = 1L;
        if (requested != null && requested < pending) {
          Instant due = Instant.parse(meta.deletionTimestamp()).minusSeconds(pending).plusSeconds(requested);
          meta.setDeletionTimestamp(ObjectMeta.timestamp(due));
          meta.setDeletionGracePeriodSeconds(requested);
          changed = true;
          graceful = requested > 0;
        } else {
          graceful = true;
        }
      } else if (grace.isPresent() && grace.getAsLong() > 0 && !meta.isBeingDeleted()) {
        meta.setDeletionTimestamp(ObjectMeta.timestamp(clock.instant().plusSeconds(grace.getAsLong())));
        meta.setDeletionGracePeriodSeconds(grace.getAsLong());
        changed = true;
        graceful = true;
      }
      // pkg/registry/core/namespace/storage/storage.go Delete: a namespace with spec.finalizers
      // is only marked (Terminating) until the namespace controller finalizes it and deletes again.
      boolean namespaceHeld = isNamespaces(def) && !Fields.strings(next, "spec.finalizers").isEmpty();
      if (isNamespaces(def) && (namespaceHeld || !meta.finalizers().isEmpty())
          && !"Terminating".equals(Fields.string(next, "status.phase"))) {
        Fields.set(next, "status.phase", "Terminating");
        changed = true;
      }
      if (!meta.finalizers().isEmpty() || graceful || namespaceHeld) {
        if (!meta.isBeingDeleted()) {
          meta.setDeletionTimestamp(ObjectMeta.timestamp(clock.instant()));
          // Namespaces get no grace period, as upstream's namespace storage sets none; their
          // spec.finalizers hold them until the finalize call empties them (holdsDeletion).
          if (!isNamespaces(def)) meta.setDeletionGracePeriodSeconds(0);
          changed = true;
        }
        int status = Boolean.FALSE.equals(options.orphanDependents()) ? 202 : 200;
        if (!changed || options.dryRun()) return Future.succeededFuture(new Result(next, status, warnings));
        return kv.update(key, StoredObjects.encode(def, next), currentKv.modRevision()).compose(result ->
            afterWrite(def, namespace, name, options, attempt, result, next, status, warnings));
      }
      if (options.dryRun()) return Future.succeededFuture(new Result(current, 200, warnings));
      return kv.delete(key, currentKv.modRevision()).compose(result ->
          afterWrite(def, namespace, name, options, attempt, result, current, 200, warnings));
    });
  }

  private Future<Result> afterWrite(ResourceDefinition def, String namespace, String name, DeleteOptions options,
      int attempt, WriteResult result, ObjectNode object, int status, List<String> warnings) {
    if (result instanceof WriteResult.Applied applied) {
      ObjectMeta.of(object).setResourceVersion(applied.kv().modRevision());
      return Future.succeededFuture(new Result(object, status, warnings));
    }
    if (result instanceof WriteResult.Missing) {
      return Future.failedFuture(ApiException.notFound(def.group(), def.plural(), name));
    }
    if (attempt >= MAX_ATTEMPTS) {
      return Future.failedFuture(ApiException.conflict(def.group(), def.plural(), name,
          ApiException.OPTIMISTIC_LOCK_MSG));
    }
    return attempt(def, namespace, name, options, attempt + 1);
  }

  private static boolean isNamespaces(ResourceDefinition def) {
    return def.group().isEmpty() && def.plural().equals("namespaces");
  }

  /** store.go deletionFinalizersForGarbageCollection: the policy decides the GC finalizer. */
  private static boolean applyFinalizers(ObjectMeta meta, String policy) {
    boolean changed = false;
    switch (policy) {
      case "Orphan" -> {
        changed |= meta.addFinalizer(ORPHAN);
        changed |= meta.removeFinalizer(FOREGROUND);
      }
      case "Foreground" -> {
        changed |= meta.addFinalizer(FOREGROUND);
        changed |= meta.removeFinalizer(ORPHAN);
      }
      default -> {
        changed |= meta.removeFinalizer(ORPHAN);
        changed |= meta.removeFinalizer(FOREGROUND);
      }
    }
    return changed;
  }

  private static String policy(ResourceDefinition def, DeleteOptions options, List<String> warnings) {
    if (options.propagationPolicy() != null) return options.propagationPolicy();
    if (options.orphanDependents() != null) return options.orphanDependents() ? "Orphan" : "Background";
    warnings.addAll(def.strategy().defaultPropagationWarnings());
    return def.strategy().defaultPropagationPolicy();
  }

  /** store.go Delete preconditions: 409 with {@code Precondition failed: ...}. */
  private static void checkPreconditions(ResourceDefinition def, String name, ObjectNode current,
      DeleteOptions options) {
    ObjectMeta meta = ObjectMeta.of(current);
    if (options.preconditionUid() != null && !options.preconditionUid().equals(meta.uid())) {
      throw ApiException.conflict(def.group(), def.plural(), name, "Precondition failed: UID in precondition: "
          + options.preconditionUid() + ", UID in object meta: " + meta.uid());
    }
    if (options.preconditionResourceVersion() != null
        && !options.preconditionResourceVersion().equals(meta.resourceVersion())) {
      throw ApiException.conflict(def.group(), def.plural(), name,
          "Precondition failed: ResourceVersion in precondition: " + options.preconditionResourceVersion()
              + ", ResourceVersion in object meta: " + meta.resourceVersion());
    }
  }
}

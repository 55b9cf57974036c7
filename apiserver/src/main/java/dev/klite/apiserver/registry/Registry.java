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
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource-independent CRUD of every kind, the analogue of upstream's generic registry
 * (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go) with the metadata rules
 * of staging/src/k8s.io/apiserver/pkg/registry/rest/create.go and update.go. Per-kind rules come
 * from the {@link ResourceStrategy}. All methods are called on a Vert.x context and never block;
 * store calls go through {@link AsyncKvStore}.
 */
public final class Registry {
  /** upstream names/generate.go: no vowels, no 0/1/3 to avoid offensive words and confusion. */
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int RANDOM_LENGTH = 5;
  private static final int MAX_GENERATED_NAME_LENGTH = 63 - RANDOM_LENGTH;
  private static final int MAX_CREATE_ATTEMPTS = 8;

  private final AsyncKvStore kv;
  private final Clock clock;
  private final ResourceDefinition namespaces;
  private final SecureRandom random = new SecureRandom();
  private final Updater updater;
  private final Deleter deleter;
  private final Lister lister;
  private volatile CreateAdmission createAdmission = CreateAdmission.NONE;
  private volatile MutatingAdmission mutatingAdmission = MutatingAdmission.NONE;

  /**
   * @param namespaces the namespaces resource, used to check that the namespace of a create
   *     exists; null skips that check
   */
  public Registry(AsyncKvStore kv, Clock clock, ResourceDefinition namespaces) {
    this.kv = kv;
    this.clock = clock;
    this.namespaces = namespaces;
    this.updater = new Updater(kv);
    this.deleter = new Deleter(kv, clock);
    this.lister = new Lister(kv);
  }

  /** Installs the create admission (ResourceQuota); {@link CreateAdmission#NONE} by default. */
  public void setCreateAdmission(CreateAdmission admission) {
    this.createAdmission = java.util.Objects.requireNonNull(admission);
  }

  /** Installs the mutating create admission (ServiceAccount); {@link MutatingAdmission#NONE} by default. */
  public void setMutatingAdmission(MutatingAdmission admission) {
    this.mutatingAdmission = java.util.Objects.requireNonNull(admission);
  }

  public AsyncKvStore store() {
    return kv;
  }

  public Clock clock() {
    return clock;
  }

  /** The object, or 404 {@code pods "x" not found}. */
  public Future<ObjectNode> get(ResourceDefinition def, String namespace, String name) {
    return kv.get(KeyScheme.key(def, namespace, name)).map(found -> found
        .map(found1 -> StoredObjects.decode(def, found1))
        .orElseThrow(() -> ApiException.notFound(def.group(), def.plural(), name)));
  }

  /** One page of the matching objects at the revision the options ask for. */
  public Future<ListResult> list(ResourceDefinition def, String namespace, ListOptions options) {
    return lister.list(def, namespace, options);
  }

  /**
   * Creates an object (POST). The body has been decoded and its kind checked.
   *
   * @param namespace the namespace from the URL ("" for cluster-scoped)
   */
  public Future<Result> create(ResourceDefinition def, String namespace, ObjectNode body, boolean dryRun) {
    ObjectNode obj = body.deepCopy();
    ObjectMeta meta = ObjectMeta.of(obj);
    checkNamespace(def, namespace, meta);
    if (!meta.resourceVersion().isEmpty()) {
      throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
    }
    meta.setNamespace(def.namespaced() ? namespace : "");
    MutatingAdmission mutating = mutatingAdmission;
    if (mutating.handles(def)) {
      // handlers/create.go: the mutating chain (NamespaceLifecycle first) runs before BeforeCreate.
      return checkNamespaceExists(def, namespace)
          .compose(v -> mutating.admit(def, namespace, obj, dryRun))
          .compose(v -> createAdmitted(def, namespace, obj, dryRun));
    }
    return createAdmitted(def, namespace, obj, dryRun);
  }

  /** The part of a create after mutating admission: generic metadata, strategy, validation, storage. */
  private Future<Result> createAdmitted(ResourceDefinition def, String namespace, ObjectNode obj, boolean dryRun) {
    ObjectMeta meta = ObjectMeta.of(obj);
    // rest.BeforeCreate: system fields are the server's, whatever the client sent.
    meta.node().remove("deletionTimestamp");
    meta.node().remove("deletionGracePeriodSeconds");
    meta.setUid(UUID.randomUUID().toString());
    meta.setCreationTimestamp(ObjectMeta.timestamp(clock.instant()));
    meta.setGeneration(1);
    boolean generated = meta.name().isEmpty() && !meta.generateName().isEmpty();
    if (generated) meta.setName(generateName(meta.generateName()));
    def.strategy().prepareForCreate(obj);
    List<StatusCause> causes = mergeCauses(def.strategy().validate(obj), genericCauses(meta));
    if (!causes.isEmpty()) throw ApiException.invalid(def.group(), def.kind(), meta.name(), causes);
    List<String> warnings = def.strategy().warningsOnCreate(obj);
    return checkNamespaceExists(def, namespace).compose(v -> createAdmission.admit(def, namespace, obj, dryRun))
        .compose(v -> {
      if (dryRun) return Future.succeededFuture(new Result(obj, 201, warnings));
      return insert(def, namespace, obj, generated, 1).map(created -> new Result(created, 201, warnings));
    });
  }

  private Future<ObjectNode> insert(ResourceDefinition def, String namespace, ObjectNode obj, boolean generated,
      int attempt) {
    ObjectMeta meta = ObjectMeta.of(obj);
    Bytes key = KeyScheme.key(def, namespace, meta.name());
    return kv.create(key, StoredObjects.encode(def, obj)).compose(result -> {
      if (result instanceof WriteResult.Applied applied) {
        ObjectMeta.of(obj).setResourceVersion(applied.kv().modRevision());
        return Future.succeededFuture(obj);
      }
      // store.go Create retries generated names on collision (names.SimpleNameGenerator).
      if (generated && attempt < MAX_CREATE_ATTEMPTS) {
        meta.setName(generateName(meta.generateName()));
        return insert(def, namespace, obj, true, attempt + 1);
      }
      return Future.failedFuture(ApiException.alreadyExists(def.group(), def.plural(), meta.name()));
    });
  }

  /**
   * Replaces an object (PUT) or its status ({@code statusOnly}). A body resourceVersion is a
   * precondition (409 on mismatch); without one the update is unconditional.
   */
  public Future<Result> update(ResourceDefinition def, String namespace, String name, ObjectNode body,
      boolean statusOnly, boolean dryRun) {
    return update(def, namespace, name, body, statusOnly, dryRun, (current, proposed) -> proposed);
  }

  /**
   * As {@link #update(ResourceDefinition, String, String, ObjectNode, boolean, boolean)}, with
   * {@code finish} turning (current, proposed) into the object to write, e.g. to record its
   * managedFields; it runs again on every retry.
   */
  public Future<Result> update(ResourceDefinition def, String namespace, String name, ObjectNode body,
      boolean statusOnly, boolean dryRun, java.util.function.BinaryOperator<ObjectNode> finish) {
    ObjectMeta bodyMeta = ObjectMeta.of(body);
    checkNamespace(def, namespace, bodyMeta);
    if (!bodyMeta.name().isEmpty() && !bodyMeta.name().equals(name)) {
      throw ApiException.badRequest("the name of the object (" + bodyMeta.name()
          + ") does not match the name on the URL (" + name + ")");
    }
    return updater.update(def, namespace, name, statusOnly ? Updater.Mode.STATUS : Updater.Mode.MAIN, dryRun,
        current -> {
      ObjectNode proposed = body.deepCopy();
      ObjectMeta.of(proposed).setName(name);
      return finish.apply(current, proposed);
    });
  }

  /**
   * Reads the current object, applies {@code mutation} to a copy and writes the result with the
   * rules of an update; retried on a concurrent write unless the mutation fixed a resourceVersion.
   */
  public Future<Result> guaranteedUpdate(ResourceDefinition def, String namespace, String name, Updater.Mode mode,
      boolean dryRun, Updater.Mutation mutation) {
    return updater.update(def, namespace, name, mode, dryRun, mutation);
  }

  public Future<Result> delete(ResourceDefinition def, String namespace, String name, DeleteOptions options) {
    return deleter.delete(def, namespace, name, options);
  }

  /** Deletes every matching object of a collection; answers the list of what was deleted. */
  public Future<ListResult> deleteCollection(ResourceDefinition def, String namespace, ListOptions listOptions,
      DeleteOptions options) {
    return lister.list(def, namespace, listOptions).compose(page -> {
      List<Future<Result>> deletes = new ArrayList<>();
      for (ObjectNode item : page.items()) {
        ObjectMeta m = ObjectMeta.of(item);
        deletes.add(deleter.delete(def, m.namespace(), m.name(), options).recover(err ->
            err instanceof ApiException e && e.code() == 404
                ? Future.succeededFuture(null) : Future.failedFuture(err)));
      }
      return Future.all(deletes).map(all -> {
        List<ObjectNode> out = new ArrayList<>();
        for (Future<Result> f : deletes) {
          if (f.result() != null) out.add(f.result().object());
        }
        return new ListResult(out, page.revision(), "", null);
      });
    });
  }

  /** Warnings a DELETE collection should carry (the kind's default-propagation warning). */
  public List<String> deleteCollectionWarnings(ResourceDefinition def, DeleteOptions options) {
    return Deleter.defaultPolicyUsed(options) ? def.strategy().defaultPropagationWarnings() : List.of();
  }

  private static void checkNamespace(ResourceDefinition def, String namespace, ObjectMeta meta) {
    if (def.namespaced() && !meta.namespace().isEmpty() && !meta.namespace().equals(namespace)) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
  }

  private static List<StatusCause> genericCauses(ObjectMeta meta) {
    if (meta.name().isEmpty()) {
      return List.of(new StatusCause("FieldValueRequired", "Required value: name or generateName is required",
          "metadata.name"));
    }
    return List.of();
  }

  /** Strategy causes first, then generic ones the strategy did not already report for the field. */
  static List<StatusCause> mergeCauses(List<StatusCause> strategy, List<StatusCause> generic) {
    List<StatusCause> out = new ArrayList<>(strategy);
    for (StatusCause g : generic) {
      if (out.stream().noneMatch(c -> g.field().equals(c.field()) && g.reason().equals(c.reason()))) out.add(g);
    }
    return out;
  }

  /** NamespaceLifecycle admission: 404 for a missing namespace, 403 for a terminating one. */
  private Future<Void> checkNamespaceExists(ResourceDefinition def, String namespace) {
    if (!def.namespaced() || namespaces == null) return Future.succeededFuture();
    return kv.get(KeyScheme.key(namespaces, "", namespace)).map(found -> {
      Optional<KeyValue> ns = found;
      if (ns.isEmpty()) throw ApiException.notFound("", "namespaces", namespace);
      ObjectNode nsObj = StoredObjects.decode(ns.get());
      if (ObjectMeta.of(nsObj).isBeingDeleted()) {
        String msg = "unable to create new content in namespace " + namespace + " because it is being terminated";
        throw new ApiException(403, "Forbidden",
            ApiException.qualified(def.plural(), def.group()) + " is forbidden: " + msg, null, def.group(),
            def.plural(), List.of(new StatusCause("NamespaceTerminating", msg, "metadata.namespace")));
      }
      return null;
    });
  }

  /** generateName plus five random characters of upstream's alphabet (names/generate.go). */
  public String generateName(String base) {
    if (base.length() > MAX_GENERATED_NAME_LENGTH) base = base.substring(0, MAX_GENERATED_NAME_LENGTH);
    StringBuilder sb = new StringBuilder(base);
    for (int i = 0; i < RANDOM_LENGTH; i++) sb.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
    return sb.toString();
  }
}

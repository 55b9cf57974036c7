package dev.klite.apiserver.serviceaccount;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.MutatingAdmission;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ServiceAccount admission plugin on pod creates (upstream
 * plugin/pkg/admission/serviceaccount/admission.go, v1.32): defaults {@code spec.serviceAccountName}
 * to {@code default}, refuses a pod whose ServiceAccount does not exist (403), mounts the
 * {@code kube-api-access-<random>} projected volume (token, cluster CA, namespace) read-only at
 * {@value #MOUNT_PATH} in every container unless automount is off, and copies the
 * ServiceAccount's imagePullSecrets to a pod that names none. Mirror pods are only checked, never
 * changed.
 *
 * <p>The ServiceAccount controller creates {@code default} right after its namespace, so a pod in
 * a brand-new namespace may arrive first: upstream retries that lookup about ten times 100-200 ms
 * apart; here the retries run on Vert.x timers (never sleeping on the event loop) for up to
 * {@link #DEFAULT_ACCOUNT_WAIT}.
 */
public final class ServiceAccountAdmission implements MutatingAdmission {
  public static final String DEFAULT_ACCOUNT = "default";
  public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  public static final String VOLUME_PREFIX = "kube-api-access-";
  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  static final Duration DEFAULT_ACCOUNT_WAIT = Duration.ofSeconds(3);
  /** upstream TokenVolumeSource: rw-r--r--. */
  private static final int DEFAULT_MODE = 0644;

  private final Vertx vertx;
  private final Registry registry;
  private final ResourceDefinition pods;
  private final ResourceDefinition serviceAccounts;

  public ServiceAccountAdmission(Vertx vertx, Registry registry, ResourceDefinition pods,
      ResourceDefinition serviceAccounts) {
    this.vertx = vertx;
    this.registry = registry;
    this.pods = pods;
    this.serviceAccounts = serviceAccounts;
  }

  @Override
  public boolean handles(ResourceDefinition def) {
    return def == pods;
  }

  @Override
  public Future<Void> admit(ResourceDefinition def, String namespace, ObjectNode pod, boolean dryRun) {
    if (Fields.stringMap(pod, "metadata.annotations").containsKey(MIRROR_ANNOTATION)) {
      return MirrorPodReferences.check(pod);
    }
    ObjectNode spec = Fields.ensureObject(pod, "spec");
    String name = Fields.string(spec, "serviceAccountName", "");
    // The v1 conversion reads the deprecated alias when the name is empty.
    if (name.isEmpty()) name = Fields.string(spec, "serviceAccount", "");
    if (name.isEmpty()) name = DEFAULT_ACCOUNT;
    spec.put("serviceAccountName", name);
    String account = name;
    long deadline = System.nanoTime() + DEFAULT_ACCOUNT_WAIT.toNanos();
    return lookup(namespace, account, deadline)
        .recover(err -> Future.failedFuture(forbidden(pod, "error looking up service account " + namespace + "/"
            + account + ": " + (err instanceof ApiException e && e.code() == 404
                ? "serviceaccount \"" + account + "\" not found" : err.getMessage()))))
        .map(sa -> {
          if (shouldAutomount(sa, spec)) mountToken(spec);
          if (Fields.objects(spec, "imagePullSecrets").isEmpty() && !Fields.objects(sa, "imagePullSecrets").isEmpty()) {
            ArrayNode secrets = spec.putArray("imagePullSecrets");
            for (ObjectNode ref : Fields.objects(sa, "imagePullSecrets")) secrets.addObject().put("name", Fields.string(ref, "name", ""));
          }
          return null;
        });
  }

  /** The ServiceAccount; a missing {@code default} is looked up again until the deadline. */
  private Future<ObjectNode> lookup(String namespace, String name, long deadline) {
    return registry.get(serviceAccounts, namespace, name).recover(err -> {
      boolean retry = BoundObjects.notFound(err) && name.equals(DEFAULT_ACCOUNT) && System.nanoTime() < deadline;
      if (!retry) return Future.failedFuture(err);
      Promise<ObjectNode> next = Promise.promise();
      vertx.setTimer(ThreadLocalRandom.current().nextLong(100, 200), id ->
          lookup(namespace, name, deadline).onComplete(next));
      return next.future();
    });
  }

  /** The pod's automountServiceAccountToken wins, then the ServiceAccount's; true by default. */
  static boolean shouldAutomount(ObjectNode sa, ObjectNode spec) {
    Boolean pod = Fields.bool(spec, "automountServiceAccountToken");
    if (pod != null) return pod;
    Boolean account = Fields.bool(sa, "automountServiceAccountToken");
    return account == null || account;
  }

  /**
   * upstream mountServiceAccountToken: reuse an existing {@code kube-api-access-*} volume or name a
   * new one; every (init) container that mounts nothing at {@value #MOUNT_PATH} gets the read-only
   * mount, and the volume is added only when some container needed it.
   */
  void mountToken(ObjectNode spec) {
    String volumeName = null;
    for (ObjectNode v : Fields.objects(spec, "volumes")) {
      if (Fields.string(v, "name", "").startsWith(VOLUME_PREFIX)) {
        volumeName = Fields.string(v, "name");
        break;
      }
    }
    boolean hasVolume = volumeName != null;
    if (!hasVolume) volumeName = registry.generateName(VOLUME_PREFIX);
    boolean needsVolume = false;
    for (String list : List.of("initContainers", "containers")) {
      for (ObjectNode container : Fields.objects(spec, list)) {
        boolean mounted = false;
        for (JsonNode m : Fields.objects(container, "volumeMounts")) {
          mounted |= MOUNT_PATH.equals(Fields.string(m, "mountPath", ""));
        }
        if (!mounted) {
          ObjectNode mount = Fields.ensureArray(container, "volumeMounts").addObject();
          mount.put("name", volumeName);
          mount.put("readOnly", true);
          mount.put("mountPath", MOUNT_PATH);
          needsVolume = true;
        }
      }
    }
    if (!hasVolume && needsVolume) Fields.ensureArray(spec, "volumes").add(tokenVolume(volumeName));
  }

  /** upstream TokenVolumeSource: the token, the cluster CA bundle and the namespace. */
  static ObjectNode tokenVolume(String name) {
    ObjectNode volume = Json.object();
    volume.put("name", name);
    ObjectNode projected = volume.putObject("projected");
    ArrayNode sources = projected.putArray("sources");
    ObjectNode token = sources.addObject().putObject("serviceAccountToken");
    token.put("expirationSeconds", TokenRequests.WARN_ONLY_EXPIRATION_SECONDS);
    token.put("path", "token");
    ObjectNode configMap = sources.addObject().putObject("configMap");
    configMap.put("name", "kube-root-ca.crt");
    ObjectNode item = configMap.putArray("items").addObject();
    item.put("key", "ca.crt");
    item.put("path", "ca.crt");
    ObjectNode downward = sources.addObject().putObject("downwardAPI");
    ObjectNode ns = downward.putArray("items").addObject();
    ns.put("path", "namespace");
    ObjectNode fieldRef = ns.putObject("fieldRef");
    fieldRef.put("apiVersion", "v1");
    fieldRef.put("fieldPath", "metadata.namespace");
    projected.put("defaultMode", DEFAULT_MODE);
    return volume;
  }

  /** admission.NewForbidden: {@code pods "<name>" is forbidden: <reason>} ({@code pods is forbidden} unnamed). */
  static ApiException forbidden(ObjectNode pod, String reason) {
    String name = ObjectMeta.of(pod).name();
    String message = name.isEmpty() ? "pods is forbidden: " + reason : "pods \"" + name + "\" is forbidden: " + reason;
    return new ApiException(403, "Forbidden", message, name.isEmpty() ? null : name, "", "pods", List.of());
  }
}

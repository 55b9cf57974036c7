package dev.klite.apiserver.serviceaccount;

import dev.klite.apiserver.object.Fields;
import io.vertx.core.Future;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the ServiceAccount plugin's Validate requires of mirror pods (admission.go): a kubelet's
 * static pod may not name a ServiceAccount, a Secret or (in a projected volume) a ConfigMap,
 * because the API server would hand the node credentials it has no right to.
 */
final class MirrorPodReferences {
  private MirrorPodReferences() {}

  static Future<Void> check(ObjectNode pod) {
    ObjectNode spec = Fields.objectOrEmpty(pod, "spec");
    if (!Fields.string(spec, "serviceAccountName", "").isEmpty()) {
      return refuse(pod, "a mirror pod may not reference service accounts");
    }
    if (referencesSecrets(spec)) return refuse(pod, "a mirror pod may not reference secrets");
    for (ObjectNode v : Fields.objects(spec, "volumes")) {
      for (ObjectNode source : Fields.objects(v, "projected.sources")) {
        if (source.has("configMap")) return refuse(pod, "a mirror pod may not reference configmaps");
      }
    }
    return Future.succeededFuture();
  }

  /** The common cases of upstream's VisitPodSecretNames: pull secrets, volumes, env and envFrom. */
  private static boolean referencesSecrets(ObjectNode spec) {
    if (!Fields.objects(spec, "imagePullSecrets").isEmpty()) return true;
    for (ObjectNode v : Fields.objects(spec, "volumes")) {
      if (v.has("secret")) return true;
      for (ObjectNode source : Fields.objects(v, "projected.sources")) {
        if (source.has("secret")) return true;
      }
    }
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (ObjectNode c : Fields.objects(spec, list)) {
        for (ObjectNode e : Fields.objects(c, "envFrom")) {
          if (e.has("secretRef")) return true;
        }
        for (ObjectNode e : Fields.objects(c, "env")) {
          if (Fields.has(e, "valueFrom.secretKeyRef")) return true;
        }
      }
    }
    return false;
  }

  private static Future<Void> refuse(ObjectNode pod, String reason) {
    return Future.failedFuture(ServiceAccountAdmission.forbidden(pod, reason));
  }
}

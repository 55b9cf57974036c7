package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods (pkg/registry/core/pod/strategy.go): API-server defaulting including what upstream's
 * default admission plugins add on create (ServiceAccount, Priority, DefaultTolerationSeconds),
 * status reset to Pending with the QoS class, spec validation, spec immutability on update and
 * the graceful-deletion period.
 */
public final class PodStrategy extends BasicStrategy {
  /** Upstream's DefaultTolerationSeconds admission default (plugin/pkg/admission/defaulttolerationseconds). */
  static final int DEFAULT_TOLERATION_SECONDS = 300;
  private static final Map<String, Integer> SYSTEM_PRIORITIES =
      Map.of("system-node-critical", 2000001000, "system-cluster-critical", 2000000000);

  public PodStrategy() {
    super(true, true, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public void prepareForCreate(ObjectNode pod) {
    ObjectNode spec = Fields.ensureObject(pod, "spec");
    ResourceRequirementsValidation.checkDecodable(spec, "Pod");
    applyDecodeDefaults(spec);
    admit(spec);
    ObjectNode status = pod.putObject("status");
    status.put("phase", "Pending");
    status.put("qosClass", PodSpecDefaults.qosClass(spec));
  }

  @Override
  public void prepareForUpdate(ObjectNode pod, ObjectNode old) {
    super.prepareForUpdate(pod, old);
    ObjectNode spec = Fields.ensureObject(pod, "spec");
    ResourceRequirementsValidation.checkDecodable(spec, "Pod");
    applyDecodeDefaults(spec);
    // The Priority admission plugin keeps the priority it set on create (plugin/pkg/admission/priority).
    for (String field : List.of("priority", "preemptionPolicy")) {
      if (!Fields.has(spec, field)) Fields.copy(old, pod, "spec." + field);
    }
    addDefaultTolerations(spec);
  }

  /** Defaults applied on every decode (SetDefaults_Pod + SetDefaults_PodSpec). */
  static void applyDecodeDefaults(ObjectNode spec) {
    PodSpecDefaults.apply(spec);
    Fields.setIfAbsent(spec, "enableServiceLinks", true);
    // SetDefaults_Pod: container requests default to limits.
    for (String list : List.of("initContainers", "containers")) {
      for (ObjectNode c : Fields.objects(spec, list)) {
        ObjectNode limits = Fields.object(c, "resources.limits");
        if (limits == null) continue;
        ObjectNode requests = Fields.ensureObject(c, "resources.requests");
        for (Map.Entry<String, JsonNode> e : limits.properties()) {
          if (!requests.has(e.getKey())) requests.set(e.getKey(), e.getValue().deepCopy());
        }
      }
    }
    String sa = Fields.string(spec, "serviceAccountName", "");
    String deprecated = Fields.string(spec, "serviceAccount", "");
    if (sa.isEmpty() && !deprecated.isEmpty()) spec.put("serviceAccountName", deprecated);
    // v1 conversion always writes the deprecated alias from serviceAccountName.
    String resolved = Fields.string(spec, "serviceAccountName", "");
    if (!resolved.isEmpty()) spec.put("serviceAccount", resolved);
  }

  /**
   * What the default admission chain adds to a new pod. The ServiceAccount plugin
   * (serviceaccount.ServiceAccountAdmission) has set serviceAccountName already when it runs; the
   * default here only matters with the plugin switched off.
   */
  static void admit(ObjectNode spec) {
    if (Fields.string(spec, "serviceAccountName", "").isEmpty()) spec.put("serviceAccountName", "default");
    spec.put("serviceAccount", Fields.string(spec, "serviceAccountName"));
    if (!Fields.has(spec, "priority")) {
      String cls = Fields.string(spec, "priorityClassName", "");
      spec.put("priority", SYSTEM_PRIORITIES.getOrDefault(cls, 0));
    }
    Fields.setIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
    addDefaultTolerations(spec);
  }

  /** DefaultTolerationSeconds admission: not-ready/unreachable NoExecute for 300 s unless tolerated already. */
  static void addDefaultTolerations(ObjectNode spec) {
    ArrayNode tolerations = Fields.ensureArray(spec, "tolerations");
    for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
      boolean covered = false;
      for (JsonNode t : tolerations) {
        String effect = Fields.string(t, "effect", "");
        covered |= key.equals(Fields.string(t, "key")) && (effect.isEmpty() || effect.equals("NoExecute"));
      }
      if (!covered) {
        ObjectNode t = tolerations.addObject();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", "NoExecute");
        t.put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
      }
    }
  }

  /**
   * podStatusStrategy.PrepareForUpdate: labels, annotations and finalizers sent to pods/status
   * are kept, but owner references are not (old kubelets corrupted them and broke garbage
   * collection).
   */
  @Override
  public void prepareForStatusUpdate(ObjectNode pod, ObjectNode old) {
    super.prepareForStatusUpdate(pod, old);
    Fields.copy(old, pod, "metadata.ownerReferences");
  }

  @Override
  public List<StatusCause> validate(ObjectNode pod) {
    List<StatusCause> causes = super.validate(pod);
    causes.addAll(PodSpecValidation.validate(Fields.object(pod, "spec"), "spec", true));
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode pod, ObjectNode old) {
    List<StatusCause> causes = validate(pod);
    causes.addAll(PodUpdateRules.validate(Fields.object(pod, "spec"), Fields.object(old, "spec")));
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }

  /**
   * The grace period of a DELETE (CheckGracefulDeleteWithOptions): the request's value, else
   * spec.terminationGracePeriodSeconds; 0 for unscheduled or terminal pods; negatives become 1.
   */
  @Override
  public OptionalLong deletionGracePeriodSeconds(ObjectNode pod, Long requestedGracePeriod) {
    long period = 0;
    if (requestedGracePeriod != null) {
      period = requestedGracePeriod;
    } else {
      Long spec = Fields.integer(pod, "spec.terminationGracePeriodSeconds");
      if (spec != null) period = spec;
    }
    String phase = Fields.string(pod, "status.phase", "");
    if (Fields.string(pod, "spec.nodeName", "").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
      period = 0;
    }
    if (period < 0) period = 1;
    return OptionalLong.of(period);
  }

}

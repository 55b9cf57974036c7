package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.LabelSelectors;
import dev.klite.apiserver.resources.common.MetadataValidation;
import dev.klite.apiserver.resources.common.NameRules;
import dev.klite.apiserver.resources.core.ResourceRequirementsValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * batch/v1 Jobs (pkg/registry/batch/job/strategy.go): defaulting, the generated selector and
 * template labels, status reset on create, spec validation and immutability, status
 * validation, the default Orphan propagation on DELETE with upstream's warning.
 */
public final class JobStrategy extends BasicStrategy {
  public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
  public static final String JOB_NAME = "batch.kubernetes.io/job-name";
  public static final String LEGACY_CONTROLLER_UID = "controller-uid";
  public static final String LEGACY_JOB_NAME = "job-name";

  /** Upstream's warning when a DELETE carries no propagation policy (strategy.go deleteWarning). */
  public static final String ORPHAN_WARNING = "child pods are preserved by default when jobs are deleted; "
      + "set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning";

  public JobStrategy() {
    super(true, true, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public void prepareForCreate(ObjectNode job) {
    ResourceRequirementsValidation.checkDecodable(Fields.objectOrEmpty(job, "spec.template.spec"), "Job");
    JobDefaults.applySpec(Fields.ensureObject(job, "spec"));
    job.set("status", Json.object());
    Fields.set(job, "metadata.generation", 1L);
    if (!Fields.isTrue(job, "spec.manualSelector")) generateSelector(job);
    JobDefaults.copyTemplateLabelsIfUnlabelled(job);
  }

  @Override
  public void prepareForUpdate(ObjectNode job, ObjectNode old) {
    super.prepareForUpdate(job, old);
    ResourceRequirementsValidation.checkDecodable(Fields.objectOrEmpty(job, "spec.template.spec"), "Job");
    JobDefaults.applyJob(job);
  }

  /** Adds the controller-uid/job-name template labels and the controller-uid selector (1.3). */
  static void generateSelector(ObjectNode job) {
    String uid = Fields.string(job, "metadata.uid", "");
    String name = Fields.string(job, "metadata.name", "");
    ObjectNode labels = Fields.ensureObject(job, "spec.template.metadata.labels");
    for (String key : List.of(LEGACY_JOB_NAME, JOB_NAME)) {
      if (!labels.has(key)) labels.put(key, name);
    }
    for (String key : List.of(LEGACY_CONTROLLER_UID, CONTROLLER_UID)) {
      if (!labels.has(key)) labels.put(key, uid);
    }
    ObjectNode matchLabels = Fields.ensureObject(job, "spec.selector.matchLabels");
    if (!matchLabels.has(CONTROLLER_UID)) matchLabels.put(CONTROLLER_UID, uid);
  }

  @Override
  public List<StatusCause> validate(ObjectNode job) {
    List<StatusCause> causes = super.validate(job);
    ObjectNode spec = Fields.objectOrEmpty(job, "spec");
    String name = Fields.string(job, "metadata.name", "");
    if ("Indexed".equals(Fields.string(spec, "completionMode"))) {
      Long completions = Fields.integer(spec, "completions");
      if (completions != null && completions > 0) {
        String podName = name + "-" + (completions - 1);
        if (!NameRules.dns1123Label(podName).isEmpty()) {
          causes.add(Causes.invalid("metadata.name", name,
              "will not able to create pod with invalid DNS label: " + podName));
        }
      }
    }
    causes.addAll(generatedSelector(job, true));
    causes.addAll(JobSpecValidation.validate(spec, "spec", true));
    return causes;
  }

  /** validateGeneratedSelector: the template carries the generated labels, the selector matches them. */
  static List<StatusCause> generatedSelector(ObjectNode job, boolean requirePrefixed) {
    List<StatusCause> causes = new ArrayList<>();
    if (Fields.isTrue(job, "spec.manualSelector")) return causes;
    String uid = Fields.string(job, "metadata.uid", "");
    String name = Fields.string(job, "metadata.name", "");
    if (uid.isEmpty()) causes.add(StatusCause.required("metadata.uid"));
    ObjectNode selector = Fields.object(job, "spec.selector");
    if (selector == null) return causes;
    Map<String, String> labels = Fields.stringMap(job, "spec.template.metadata.labels");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(LEGACY_CONTROLLER_UID, uid);
    expected.put(LEGACY_JOB_NAME, name);
    if (requirePrefixed) {
      expected.put(CONTROLLER_UID, uid);
      expected.put(JOB_NAME, name);
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String path = "spec.template.metadata.labels[" + e.getKey() + "]";
      String actual = labels.get(e.getKey());
      if (actual == null) {
        causes.add(Causes.required(path, e.getValue()));
      } else if (!actual.equals(e.getValue())) {
        causes.add(Causes.invalid(path, Fields.object(job, "spec.template.metadata.labels"),
            "must be '" + e.getValue() + "'"));
      }
    }
    Map<String, String> all = Map.of(LEGACY_CONTROLLER_UID, uid, LEGACY_JOB_NAME, name, CONTROLLER_UID, uid, JOB_NAME, name);
    if (!LabelSelectors.matches(selector, all)) {
      causes.add(Causes.invalid("spec.selector", selector, "`selector` not auto-generated"));
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode job, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>(MetadataValidation.validate(job, true, MetadataValidation.SUBDOMAIN));
    Map<String, String> oldLabels = Fields.stringMap(old, "spec.template.metadata.labels");
    boolean oldHadPrefixed = oldLabels.containsKey(CONTROLLER_UID) && oldLabels.containsKey(JOB_NAME);
    causes.addAll(generatedSelector(job, oldHadPrefixed));
    causes.addAll(JobSpecValidation.validate(Fields.objectOrEmpty(job, "spec"), "spec", true));
    causes.addAll(JobUpdateRules.validate(job, old));
    return causes;
  }

  @Override
  public List<StatusCause> validateStatusUpdate(ObjectNode job, ObjectNode old) {
    List<StatusCause> causes = super.validateStatusUpdate(job, old);
    causes.addAll(JobStatusValidation.validate(job, old));
    return causes;
  }

  @Override
  public List<String> warningsOnCreate(ObjectNode job) {
    String name = Fields.string(job, "metadata.name", "");
    List<String> msgs = NameRules.dns1123Label(name);
    if (name.isEmpty() || msgs.isEmpty()) return List.of();
    return List.of("metadata.name: this is used in Pod names and hostnames, which can result in surprising "
        + "behavior; a DNS label is recommended: [" + String.join(", ", msgs) + "]");
  }

  /** batch/v1 Jobs orphan their pods when DELETE names no policy (strategy.go DefaultGarbageCollectionPolicy). */
  @Override
  public String defaultPropagationPolicy() {
    return "Orphan";
  }

  /** The warning sent with a DELETE that named no propagation policy. */
  @Override
  public List<String> defaultPropagationWarnings() {
    return List.of(ORPHAN_WARNING);
  }
}

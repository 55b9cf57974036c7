package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.core.PodSpecDefaults;
import tools.jackson.databind.node.ObjectNode;

/**
 * v1 defaulting of a JobSpec (pkg/apis/batch/v1/defaults.go SetDefaults_Job), applied to Jobs
 * and to CronJob job templates. Runs on every decode, so it is idempotent.
 */
public final class JobDefaults {
  private JobDefaults() {}

  /** Defaults {@code spec} (a JobSpec) in place. */
  public static void applySpec(ObjectNode spec) {
    boolean noCompletions = !Fields.has(spec, "completions");
    boolean noParallelism = !Fields.has(spec, "parallelism");
    if (noCompletions && noParallelism) {
      Fields.set(spec, "completions", 1L);
      Fields.set(spec, "parallelism", 1L);
    } else if (noParallelism) {
      Fields.set(spec, "parallelism", 1L);
    }
    if (!Fields.has(spec, "backoffLimit")) {
      Fields.set(spec, "backoffLimit", Fields.has(spec, "backoffLimitPerIndex") ? Integer.MAX_VALUE : 6L);
    }
    Fields.setIfAbsent(spec, "completionMode", "NonIndexed");
    Fields.setIfAbsent(spec, "suspend", false);
    boolean failurePolicy = Fields.has(spec, "podFailurePolicy");
    Fields.setIfAbsent(spec, "podReplacementPolicy", failurePolicy ? "Failed" : "TerminatingOrFailed");
    for (ObjectNode rule : Fields.objects(spec, "podFailurePolicy.rules")) {
      for (ObjectNode pattern : Fields.objects(rule, "onPodConditions")) Fields.setIfAbsent(pattern, "status", "True");
    }
    Fields.setIfAbsent(spec, "manualSelector", false);
    PodSpecDefaults.apply(Fields.ensureObject(spec, "template.spec"));
  }

  /** SetDefaults_Job: spec defaults, then Job labels := template labels when the Job has none. */
  public static void applyJob(ObjectNode job) {
    applySpec(Fields.ensureObject(job, "spec"));
    copyTemplateLabelsIfUnlabelled(job);
  }

  static void copyTemplateLabelsIfUnlabelled(ObjectNode job) {
    ObjectNode labels = Fields.object(job, "metadata.labels");
    ObjectNode templateLabels = Fields.object(job, "spec.template.metadata.labels");
    if ((labels == null || labels.isEmpty()) && templateLabels != null) {
      Fields.set(job, "metadata.labels", templateLabels.deepCopy());
    }
  }

}

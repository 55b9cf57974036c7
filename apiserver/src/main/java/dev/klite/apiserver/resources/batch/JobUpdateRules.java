package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * JobSpec immutability on update (pkg/apis/batch/validation/validation.go ValidateJobSpecUpdate):
 * selector, template, completionMode, podFailurePolicy, backoffLimitPerIndex, managedBy,
 * successPolicy and completions are fixed, with upstream's two exceptions (elastic Indexed
 * completions; scheduling directives of a suspended Job that never started).
 */
final class JobUpdateRules {
  private JobUpdateRules() {}

  static final List<String> IMMUTABLE = List.of("selector", "completionMode", "podFailurePolicy",
      "backoffLimitPerIndex", "managedBy", "successPolicy");

  static List<StatusCause> validate(ObjectNode job, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>();
    for (String f : IMMUTABLE) {
      if (!Fields.semanticallyEqual(Fields.at(job, "spec." + f), Fields.at(old, "spec." + f))) {
        causes.add(Causes.immutable("spec." + f, Fields.at(job, "spec." + f)));
      }
    }
    if (!Fields.sameAt(job, old, "spec.completions")) {
      boolean indexed = "Indexed".equals(Fields.string(job, "spec.completionMode"));
      Long completions = Fields.integer(job, "spec.completions");
      Long parallelism = Fields.integer(job, "spec.parallelism");
      if (!indexed) {
        causes.add(Causes.immutable("spec.completions", Fields.at(job, "spec.completions")));
      } else if (completions == null || !completions.equals(parallelism)) {
        causes.add(Causes.invalid("spec.completions", Fields.at(job, "spec.completions"),
            "can only be modified in tandem with spec.parallelism"));
      }
    }
    ObjectNode template = Fields.object(job, "spec.template");
    ObjectNode oldTemplate = Fields.object(old, "spec.template");
    if (template != null && oldTemplate != null && !Fields.semanticallyEqual(template, oldTemplate)) {
      boolean mayReschedule = Fields.isTrue(old, "spec.suspend") && !Fields.has(old, "status.startTime");
      if (!mayReschedule || !Fields.semanticallyEqual(withoutScheduling(template), withoutScheduling(oldTemplate))) {
        causes.add(Causes.immutable("spec.template", template));
      }
    }
    return causes;
  }

  /** The template minus what a suspended, never-started Job may change. */
  private static ObjectNode withoutScheduling(ObjectNode template) {
    ObjectNode t = template.deepCopy();
    Fields.remove(t, "metadata.labels");
    Fields.remove(t, "metadata.annotations");
    Fields.remove(t, "spec.nodeSelector");
    Fields.remove(t, "spec.tolerations");
    Fields.remove(t, "spec.schedulingGates");
    Fields.remove(t, "spec.affinity.nodeAffinity");
    return t;
  }
}

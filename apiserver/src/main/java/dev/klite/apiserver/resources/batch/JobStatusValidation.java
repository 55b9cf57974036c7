package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Job status rules for the {@code /status} subresource (pkg/apis/batch/validation/validation.go
 * ValidateJobStatusUpdate with the JobManagedBy-era options). Transition checks fire only when
 * the relevant condition or field changed, as upstream's options do, so a controller that keeps
 * re-writing an already-terminal status is not rejected.
 */
final class JobStatusValidation {
  private JobStatusValidation() {}

  static List<StatusCause> validate(ObjectNode job, ObjectNode old) {
    List<StatusCause> causes = new ArrayList<>();
    for (String n : List.of("active", "succeeded", "failed", "ready", "terminating")) {
      Long v = Fields.integer(job, "status." + n);
      if (v != null && v < 0) causes.add(Causes.invalid("status." + n, v, "must be greater than or equal to 0"));
    }
    String conditions = "status.conditions";
    boolean complete = isTrue(job, "Complete");
    boolean failed = isTrue(job, "Failed");
    boolean failureTarget = isTrue(job, "FailureTarget");
    boolean successMet = isTrue(job, "SuccessCriteriaMet");
    boolean finished = complete || failed;
    if (complete && failed) causes.add(Causes.invalidNoValue(conditions, "cannot set Complete=True and Failed=true conditions"));
    if (complete && failureTarget) {
      causes.add(Causes.invalidNoValue(conditions, "cannot set Complete=True and FailureTarget=true conditions"));
    }
    if (successMet && failed) {
      causes.add(Causes.invalidNoValue(conditions, "cannot set SuccessCriteriaMet=True and Failed=true conditions"));
    }
    if (successMet && failureTarget) {
      causes.add(Causes.invalidNoValue(conditions, "cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"));
    }
    if (failed && !isTrue(old, "Failed") && !failureTarget) {
      causes.add(Causes.invalidNoValue(conditions, "cannot set Failed=True condition without the FailureTarget=true condition"));
    }
    if (complete && !isTrue(old, "Complete") && !successMet) {
      causes.add(Causes.invalidNoValue(conditions,
          "cannot set Complete=True condition without the SuccessCriteriaMet=true condition"));
    }
    for (String type : List.of("Failed", "Complete", "FailureTarget")) {
      if (isTrue(old, type) && !isTrue(job, type)) {
        causes.add(Causes.invalidNoValue(conditions, "cannot disable the terminal " + type + "=True condition"));
      }
    }
    if (isTrue(old, "SuccessCriteriaMet") && !successMet) {
      causes.add(Causes.invalidNoValue(conditions, "cannot disable the SuccessCriteriaMet=True condition"));
    }
    Instant start = time(job, "status.startTime");
    Instant completion = time(job, "status.completionTime");
    if (completion != null && !complete) {
      causes.add(Causes.invalidNoValue("status.completionTime", "cannot set completionTime when there is no Complete=True condition"));
    }
    if (complete && completion == null) {
      causes.add(Causes.required("status.completionTime", "completionTime is required for Complete jobs"));
    }
    if (completion != null && start != null && completion.isBefore(start)) {
      causes.add(Causes.invalidNoValue("status.completionTime", "completionTime cannot be set before startTime"));
    }
    Instant oldCompletion = time(old, "status.completionTime");
    if (oldCompletion != null && !oldCompletion.equals(completion)) {
      causes.add(Causes.invalidNoValue("status.completionTime", "completionTime cannot be mutated"));
    }
    if (finished && !isFinished(old)) {
      if (positive(job, "status.active")) causes.add(Causes.invalidNoValue("status.active", "active>0 is invalid for finished job"));
      if (positive(job, "status.terminating")) {
        causes.add(Causes.invalidNoValue("status.terminating", "terminating>0 is invalid for finished job"));
      }
      if (start == null) causes.add(Causes.required("status.startTime", "startTime is required for finished job"));
      if (!Fields.strings(job, "status.uncountedTerminatedPods.succeeded").isEmpty()
          || !Fields.strings(job, "status.uncountedTerminatedPods.failed").isEmpty()) {
        causes.add(Causes.invalidNoValue("status.uncountedTerminatedPods",
            "uncountedTerminatedPods needs to be empty for finished job"));
      }
    }
    Long ready = Fields.integer(job, "status.ready");
    Long active = Fields.integer(job, "status.active");
    if (ready != null && ready > (active == null ? 0 : active) && !Fields.sameAt(job, old, "status.ready")) {
      causes.add(Causes.invalidNoValue("status.ready", "cannot set more ready pods than active"));
    }
    decrease(job, old, "failed", causes);
    boolean elastic = "Indexed".equals(Fields.string(job, "spec.completionMode"))
        && java.util.Objects.equals(Fields.integer(job, "spec.completions"), Fields.integer(job, "spec.parallelism"));
    if (!elastic) decrease(job, old, "succeeded", causes);
    if (!"Indexed".equals(Fields.string(job, "spec.completionMode"))
        && !Fields.string(job, "status.completedIndexes", "").isEmpty()) {
      causes.add(Causes.invalidNoValue("status.completedIndexes",
          "cannot set non-empty completedIndexes when non-indexed completion mode"));
    }
    for (String list : List.of("succeeded", "failed")) {
      List<String> uids = Fields.strings(job, "status.uncountedTerminatedPods." + list);
      Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < uids.size(); i++) {
        String p = "status.uncountedTerminatedPods." + list + "[" + i + "]";
        if (uids.get(i).isEmpty()) causes.add(StatusCause.required(p));
        else if (!seen.add(uids.get(i))) causes.add(StatusCause.duplicate(p, uids.get(i)));
      }
    }
    return causes;
  }

  private static void decrease(ObjectNode job, ObjectNode old, String counter, List<StatusCause> causes) {
    Long now = Fields.integer(job, "status." + counter);
    Long before = Fields.integer(old, "status." + counter);
    if (before != null && (now == null ? 0 : now) < before) {
      causes.add(Causes.invalidNoValue("status." + counter, "cannot decrease the " + counter + " counter"));
    }
  }

  private static boolean positive(ObjectNode job, String path) {
    Long v = Fields.integer(job, path);
    return v != null && v > 0;
  }

  static boolean isFinished(ObjectNode job) {
    return isTrue(job, "Complete") || isTrue(job, "Failed");
  }

  /** Whether the Job has a condition of {@code type} with status True. */
  static boolean isTrue(ObjectNode job, String type) {
    for (ObjectNode c : Fields.objects(job, "status.conditions")) {
      if (type.equals(Fields.string(c, "type")) && "True".equals(Fields.string(c, "status"))) return true;
    }
    return false;
  }

  private static Instant time(ObjectNode job, String path) {
    String s = Fields.string(job, path);
    if (s == null || s.isEmpty()) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

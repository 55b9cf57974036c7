package dev.klite.controller.job;

import dev.klite.controller.runtime.Timestamps;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Job condition vocabulary and helpers (job-semantics.md §2.14; upstream
 * {@code pkg/controller/job/job_controller.go} {@code newCondition}, {@code isJobFinished}).
 */
public final class JobConditions {

  public static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
  public static final String COMPLETE = "Complete";
  public static final String FAILURE_TARGET = "FailureTarget";
  public static final String FAILED = "Failed";
  public static final String SUSPENDED = "Suspended";

  public static final String REASON_COMPLETIONS_REACHED = "CompletionsReached";
  public static final String MESSAGE_COMPLETIONS_REACHED = "Reached expected number of succeeded pods";
  public static final String REASON_SUCCESS_POLICY = "SuccessPolicy";
  public static final String REASON_MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded";
  public static final String MESSAGE_MAX_FAILED_INDEXES_EXCEEDED =
      "Job has exceeded the specified maximal number of failed indexes";
  public static final String REASON_FAILED_INDEXES = "FailedIndexes";
  public static final String MESSAGE_FAILED_INDEXES = "Job has failed indexes";
  public static final String REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  public static final String MESSAGE_BACKOFF_LIMIT_EXCEEDED = "Job has reached the specified backoff limit";
  public static final String REASON_POD_FAILURE_POLICY = "PodFailurePolicy";
  public static final String REASON_DEADLINE_EXCEEDED = "DeadlineExceeded";
  public static final String MESSAGE_DEADLINE_EXCEEDED = "Job was active longer than specified deadline";

  private JobConditions() {}

  /** A True condition whose lastProbeTime and lastTransitionTime are both {@code now}. */
  public static JobCondition newCondition(String type, String reason, String message, Instant now) {
    String ts = Timestamps.format(now);
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(ts)
        .withLastTransitionTime(ts)
        .build();
  }

  public static Optional<JobCondition> findTrue(Job job, String type) {
    List<JobCondition> conditions = job.getStatus() == null ? null : job.getStatus().getConditions();
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
  }

  public static boolean hasTrue(Job job, String type) {
    return findTrue(job, type).isPresent();
  }

  /** Complete=True or Failed=True: never synced again. */
  public static boolean isFinished(Job job) {
    return hasTrue(job, COMPLETE) || hasTrue(job, FAILED);
  }

  /** The terminal condition that follows an interim one, with the same reason and message. */
  public static JobCondition finalFor(JobCondition interim, Instant now) {
    String type = SUCCESS_CRITERIA_MET.equals(interim.getType()) ? COMPLETE : FAILED;
    return newCondition(type, interim.getReason(), interim.getMessage(), now);
  }

  /**
   * Sets a condition's status (upstream {@code ensureJobConditionStatus}): an existing condition of
   * that type is updated in place when status, reason or message differ (both times = now); a
   * missing one is appended only when not {@code False} (a False condition is never added).
   *
   * @return whether the list changed
   */
  public static boolean ensure(JobStatus status, String type, String conditionStatus, String reason, String message,
      Instant now) {
    List<JobCondition> conditions = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
    for (JobCondition c : conditions) {
      if (type.equals(c.getType())) {
        if (conditionStatus.equals(c.getStatus()) && Objects.equals(reason, c.getReason())
            && Objects.equals(message, c.getMessage())) {
          return false;
        }
        String ts = Timestamps.format(now);
        c.setStatus(conditionStatus);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastTransitionTime(ts);
        c.setLastProbeTime(ts);
        status.setConditions(conditions);
        return true;
      }
    }
    if ("False".equals(conditionStatus)) {
      return false;
    }
    JobCondition added = newCondition(type, reason, message, now);
    added.setStatus(conditionStatus);
    conditions.add(added);
    status.setConditions(conditions);
    return true;
  }

  public static boolean isFailureTarget(JobCondition c) {
    return c != null && FAILURE_TARGET.equals(c.getType());
  }
}

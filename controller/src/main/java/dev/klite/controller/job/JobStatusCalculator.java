package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pure decisions of a Job sync, no I/O (job-semantics.md §2.3 step 6–7 and §2.4; upstream
 * {@code pkg/controller/job/job_controller.go} {@code syncJob}, {@code manageJob},
 * {@code pastBackoffLimitOnFailure}, {@code pastActiveDeadline}).
 */
public final class JobStatusCalculator {

  private JobStatusCalculator() {}

  /**
   * The interim finished condition this sync should act on, first match wins: an existing
   * SuccessCriteriaMet; an existing FailureTarget; the backoff limit; the active deadline.
   * Completion by count is decided later ({@link #completionsReached}) because it needs the
   * active count after manageJob.
   *
   * @param failed all failures counted so far, including new and uncounted ones
   * @param activePods active pods (for the OnFailure restart-count rule)
   */
  public static Optional<JobCondition> finishedCondition(Job job, int failed, List<Pod> activePods, Instant now) {
    return finishedCondition(job, failed, activePods, Optional.empty(), now);
  }

  /**
   * As {@link #finishedCondition(Job, int, List, Instant)}, with a podFailurePolicy FailJob match
   * checked after the existing conditions and before the backoff limit (§2.3 step 6c).
   *
   * @param failJobMessage the message of the first failed pod matching a FailJob rule, if any
   */
  public static Optional<JobCondition> finishedCondition(Job job, int failed, List<Pod> activePods,
      Optional<String> failJobMessage, Instant now) {
    Optional<JobCondition> success = JobConditions.findTrue(job, JobConditions.SUCCESS_CRITERIA_MET);
    if (success.isPresent()) {
      return success;
    }
    Optional<JobCondition> target = JobConditions.findTrue(job, JobConditions.FAILURE_TARGET);
    if (target.isPresent()) {
      return target;
    }
    if (failJobMessage.isPresent()) {
      return Optional.of(JobConditions.newCondition(JobConditions.FAILURE_TARGET,
          JobConditions.REASON_POD_FAILURE_POLICY, failJobMessage.get(), now));
    }
    if (pastBackoffLimit(job, failed, activePods)) {
      return Optional.of(JobConditions.newCondition(JobConditions.FAILURE_TARGET,
          JobConditions.REASON_BACKOFF_LIMIT_EXCEEDED, JobConditions.MESSAGE_BACKOFF_LIMIT_EXCEEDED, now));
    }
    if (pastActiveDeadline(job, now)) {
      return Optional.of(JobConditions.newCondition(JobConditions.FAILURE_TARGET,
          JobConditions.REASON_DEADLINE_EXCEEDED, JobConditions.MESSAGE_DEADLINE_EXCEEDED, now));
    }
    return Optional.empty();
  }

  /** {@code failed > backoffLimit}, or the OnFailure restart sum reached the limit. */
  public static boolean pastBackoffLimit(Job job, int failed, List<Pod> activePods) {
    int limit = backoffLimit(job);
    if (failed > limit) {
      return true;
    }
    String restartPolicy = job.getSpec().getTemplate().getSpec() == null
        ? null : job.getSpec().getTemplate().getSpec().getRestartPolicy();
    if (!"OnFailure".equals(restartPolicy)) {
      return false;
    }
    int restarts = JobPods.restartCountSum(activePods);
    return limit == 0 ? restarts > 0 : restarts >= limit;
  }

  public static int backoffLimit(Job job) {
    Integer l = job.getSpec().getBackoffLimit();
    return l == null ? 6 : l;
  }

  /** Suspended Jobs have no running deadline; measured from {@code status.startTime}. */
  public static boolean pastActiveDeadline(Job job, Instant now) {
    return remainingActiveDeadline(job, now).map(d -> d.isZero() || d.isNegative()).orElse(false);
  }

  /** Time left until activeDeadlineSeconds, if a deadline applies. */
  public static Optional<Duration> remainingActiveDeadline(Job job, Instant now) {
    Long seconds = job.getSpec().getActiveDeadlineSeconds();
    if (seconds == null || isSuspended(job) || job.getStatus() == null || job.getStatus().getStartTime() == null) {
      return Optional.empty();
    }
    Instant start = Instant.parse(job.getStatus().getStartTime());
    return Optional.of(Duration.ofSeconds(seconds).minus(Duration.between(start, now)));
  }

  public static boolean isSuspended(Job job) {
    return Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  /**
   * How many pods should be active (upstream manageJob): with completions unset, none more once
   * one succeeded, else parallelism; otherwise {@code min(completions - succeeded, parallelism)},
   * never negative.
   */
  public static int wantActive(Job job, int active, int succeeded) {
    int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
    Integer completions = job.getSpec().getCompletions();
    if (completions == null) {
      return succeeded > 0 ? active : parallelism;
    }
    return Math.max(0, Math.min(completions - succeeded, parallelism));
  }

  /** With completions unset: one success and nothing active; else enough successes and nothing active. */
  public static boolean completionsReached(Job job, int succeeded, int active) {
    Integer completions = job.getSpec().getCompletions();
    if (completions == null) {
      return succeeded > 0 && active == 0;
    }
    return succeeded >= completions && active == 0;
  }
}

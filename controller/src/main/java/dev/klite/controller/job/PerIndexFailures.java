package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Pure: {@code backoffLimitPerIndex} / {@code maxFailedIndexes} of Indexed Jobs (job-semantics.md
 * §2.11; upstream {@code isIndexFailed}, {@code calculateFailedIndexes},
 * {@code getNewIndexFailureCounts} in {@code pkg/controller/job/indexed_job_utils.go} and
 * {@code getRemainingTimePerIndex} in {@code backoff_utils.go}). Each pod carries the number of
 * earlier failures of its index; a counted failure of a pod whose count already reached the
 * limit, or a {@code FailIndex} rule match, fails the index for good.
 *
 * <p>Upstream delays removing the tracking finalizer of an index's latest failed pod until its
 * replacement exists, so the count survives the pod being deleted. klite's pods stay until
 * their Job goes, so the latest failed pod of an index is read from all owned pods instead.
 */
public final class PerIndexFailures {

  public static final String FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
  public static final String IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count";

  private PerIndexFailures() {}

  public static boolean enabled(Job job) {
    return "Indexed".equals(job.getSpec().getCompletionMode()) && job.getSpec().getBackoffLimitPerIndex() != null;
  }

  /** A failed pod that fails its index: FailIndex rule, or a counted failure at the limit. */
  public static boolean isIndexFailed(Job job, Pod pod, boolean onlyReplaceFailedPods) {
    if (!JobPods.isFailed(pod, onlyReplaceFailedPods) || JobPods.isSucceeded(pod)) {
      return false;
    }
    Optional<PodFailurePolicyEvaluator.Match> match =
        PodFailurePolicyEvaluator.match(job.getSpec().getPodFailurePolicy(), pod);
    if (match.isPresent() && "FailIndex".equals(match.get().action())) {
      return true;
    }
    boolean counted = match.map(PodFailurePolicyEvaluator.Match::countsFailure).orElse(true);
    return counted && annotation(pod, FAILURE_COUNT) >= job.getSpec().getBackoffLimitPerIndex();
  }

  /** {@code status.failedIndexes} plus the indexes of pods that fail their index now. */
  public static SortedSet<Integer> failedIndexes(Job job, List<Pod> pods, boolean onlyReplaceFailedPods,
      int completions) {
    SortedSet<Integer> failed = new TreeSet<>(IndexedJobs.parse(
        job.getStatus() == null ? null : job.getStatus().getFailedIndexes(), completions));
    for (Pod p : pods) {
      if (IndexedJobs.validIndex(p, completions) && isIndexFailed(job, p, onlyReplaceFailedPods)) {
        failed.add(IndexedJobs.completionIndex(p));
      }
    }
    return failed;
  }

  /** §2.3 f: too many failed indexes, or every index is done and some failed. */
  public static Optional<JobCondition> finishedCondition(Job job, SortedSet<Integer> failed,
      SortedSet<Integer> succeeded, int completions, Instant now) {
    Integer max = job.getSpec().getMaxFailedIndexes();
    if (max != null && failed.size() > max) {
      return Optional.of(JobConditions.newCondition(JobConditions.FAILURE_TARGET,
          JobConditions.REASON_MAX_FAILED_INDEXES_EXCEEDED, JobConditions.MESSAGE_MAX_FAILED_INDEXES_EXCEEDED, now));
    }
    if (!failed.isEmpty() && failed.size() + succeeded.size() >= completions) {
      return Optional.of(JobConditions.newCondition(JobConditions.FAILURE_TARGET,
          JobConditions.REASON_FAILED_INDEXES, JobConditions.MESSAGE_FAILED_INDEXES, now));
    }
    return Optional.empty();
  }

  /** The sync-context form of {@link #finishedCondition(Job, SortedSet, SortedSet, int, Instant)}; also records the failed indexes. */
  static Optional<JobCondition> finishedCondition(JobSyncContext ctx) {
    if (!enabled(ctx.job)) {
      return Optional.empty();
    }
    ctx.failedIndexes = failedIndexes(ctx.job, ctx.pods, ctx.onlyReplaceFailedPods, ctx.completions());
    return finishedCondition(ctx.job, ctx.failedIndexes, ctx.succeededIndexes, ctx.completions(), ctx.now);
  }

  /** Per index, the failed pod with the most failures recorded (latest finish on ties). */
  public static Map<Integer, Pod> lastFailedPerIndex(List<Pod> pods, boolean onlyReplaceFailedPods, int completions) {
    Map<Integer, Pod> last = new HashMap<>();
    Comparator<Pod> order = Comparator.comparingInt(PerIndexFailures::absoluteFailureCount)
        .thenComparing(PodBackoff::finishTime);
    for (Pod p : pods) {
      if (IndexedJobs.validIndex(p, completions) && !JobPods.isSucceeded(p)
          && JobPods.isFailed(p, onlyReplaceFailedPods)) {
        last.merge(IndexedJobs.completionIndex(p), p, (a, b) -> order.compare(a, b) >= 0 ? a : b);
      }
    }
    return last;
  }

  /** Annotations for the pod replacing {@code replaced} (none: a first attempt, count 0). */
  public static Map<String, String> newPodAnnotations(Job job, Pod replaced) {
    int failures = 0;
    int ignored = 0;
    if (replaced != null) {
      failures = annotation(replaced, FAILURE_COUNT);
      ignored = annotation(replaced, IGNORED_FAILURE_COUNT);
      boolean counted = PodFailurePolicyEvaluator.match(job.getSpec().getPodFailurePolicy(), replaced)
          .map(PodFailurePolicyEvaluator.Match::countsFailure).orElse(true);
      if (counted) {
        failures++;
      } else {
        ignored++;
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    out.put(FAILURE_COUNT, Integer.toString(failures));
    if (ignored > 0) {
      out.put(IGNORED_FAILURE_COUNT, Integer.toString(ignored));
    }
    return out;
  }

  /** Per-index re-creation delay: n = recorded failures + ignored failures + 1, from the pod's finish. */
  public static Duration remaining(Pod lastFailed, Instant now, Duration base, Duration max) {
    return new PodBackoff(absoluteFailureCount(lastFailed) + 1, PodBackoff.finishTime(lastFailed))
        .remaining(now, base, max);
  }

  static int absoluteFailureCount(Pod pod) {
    return annotation(pod, FAILURE_COUNT) + annotation(pod, IGNORED_FAILURE_COUNT);
  }

  private static int annotation(Pod pod, String key) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(key);
    if (v == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      // Upstream logs and treats an unparsable count as 0.
      return 0;
    }
  }
}

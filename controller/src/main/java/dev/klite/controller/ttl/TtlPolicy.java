package dev.klite.controller.ttl;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure TTL-after-finished rules (job-semantics.md §3; upstream
 * {@code pkg/controller/ttlafterfinished/ttlafterfinished_controller.go} {@code needsCleanup},
 * {@code timeLeft}, {@code getFinishAndExpireTime}).
 */
public final class TtlPolicy {

  private TtlPolicy() {}

  /** ttlSecondsAfterFinished set, Complete=True or Failed=True, and not being deleted. */
  public static boolean needsCleanup(Job job) {
    return job.getSpec() != null && job.getSpec().getTtlSecondsAfterFinished() != null
        && job.getMetadata().getDeletionTimestamp() == null && finishTime(job).isPresent();
  }

  /** lastTransitionTime of the Complete=True or Failed=True condition. */
  public static Optional<Instant> finishTime(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())
          && c.getLastTransitionTime() != null) {
        return Optional.of(Instant.parse(c.getLastTransitionTime()));
      }
    }
    return Optional.empty();
  }

  /**
   * Time until the Job expires; zero or negative means it is due now. Empty if the Job does not
   * need cleanup.
   */
  public static Optional<Duration> timeLeft(Job job, Instant now) {
    if (!needsCleanup(job)) {
      return Optional.empty();
    }
    Instant expireAt = finishTime(job).orElseThrow().plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
    return Optional.of(Duration.between(now, expireAt));
  }
}

package dev.klite.controller.ttl;

import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished Jobs whose {@code ttlSecondsAfterFinished} has passed (upstream
 * {@code pkg/controller/ttlafterfinished/ttlafterfinished_controller.go} {@code processJob}):
 * checks the cached Job, requeues for the time left, and when due re-reads the Job live (the TTL
 * may have been edited) before a Foreground DELETE, so the Job's pods go first. Emits no events,
 * as upstream.
 */
public final class TtlAfterFinishedReconciler implements Reconciler {

  private static final Logger log = LoggerFactory.getLogger(TtlAfterFinishedReconciler.class);

  private final Lister<Job> jobs;
  private final JobDeleter deleter;
  private final Clock clock;

  public TtlAfterFinishedReconciler(Lister<Job> jobs, JobDeleter deleter, Clock clock) {
    this.jobs = Objects.requireNonNull(jobs);
    this.deleter = Objects.requireNonNull(deleter);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<Job> cached = jobs.get(key.namespace(), key.name());
    if (cached.isEmpty()) {
      return Result.done();
    }
    Optional<Duration> left = TtlPolicy.timeLeft(cached.get(), clock.instant());
    if (left.isEmpty()) {
      return Result.done();
    }
    if (!left.get().isNegative() && !left.get().isZero()) {
      return Result.requeueAfter(left.get());
    }
    Optional<Job> fresh = deleter.get(key.namespace(), key.name());
    if (fresh.isEmpty() || !Objects.equals(fresh.get().getMetadata().getUid(), cached.get().getMetadata().getUid())) {
      return Result.done();
    }
    Optional<Duration> freshLeft = TtlPolicy.timeLeft(fresh.get(), clock.instant());
    if (freshLeft.isEmpty()) {
      return Result.done();
    }
    if (!freshLeft.get().isNegative() && !freshLeft.get().isZero()) {
      return Result.requeueAfter(freshLeft.get());
    }
    log.info("deleting expired Job {} (ttlSecondsAfterFinished {})", key,
        fresh.get().getSpec().getTtlSecondsAfterFinished());
    deleter.deleteForeground(fresh.get());
    return Result.done();
  }
}

package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Pure pod re-creation backoff after failures (job-semantics.md §2.7; upstream
 * {@code pkg/controller/job/backoff_utils.go}). The record is per Job and in memory only.
 *
 * @param failuresAfterLastSuccess failures that finished after the latest success
 * @param lastFailureTime finish time of the latest counted failure, {@code null} if none
 */
public record PodBackoff(int failuresAfterLastSuccess, Instant lastFailureTime) {

  public static final PodBackoff NONE = new PodBackoff(0, null);

  /**
   * The record after a sync that newly saw {@code succeeded} and {@code failed} pods: only
   * failures add to the count; a success resets it to the failures that finished after it.
   */
  public PodBackoff next(List<Pod> succeeded, List<Pod> failed) {
    if (succeeded.isEmpty() && failed.isEmpty()) {
      return this;
    }
    if (succeeded.isEmpty()) {
      Instant latest = failed.stream().map(PodBackoff::finishTime).max(Comparator.naturalOrder()).orElseThrow();
      if (lastFailureTime != null && lastFailureTime.isAfter(latest)) {
        latest = lastFailureTime;
      }
      return new PodBackoff(failuresAfterLastSuccess + failed.size(), latest);
    }
    Instant lastSuccess = succeeded.stream().map(PodBackoff::finishTime).max(Comparator.naturalOrder()).orElseThrow();
    List<Instant> after = new ArrayList<>();
    for (Pod p : failed) {
      Instant t = finishTime(p);
      if (t.isAfter(lastSuccess)) {
        after.add(t);
      }
    }
    if (after.isEmpty()) {
      return NONE;
    }
    return new PodBackoff(after.size(), after.stream().max(Comparator.naturalOrder()).orElseThrow());
  }

  /**
   * Time left before pods may be created again: {@code base * 2^(n-1)} capped at {@code max},
   * minus the time since the last failure; zero when there were no failures.
   */
  public Duration remaining(Instant now, Duration base, Duration max) {
    if (failuresAfterLastSuccess == 0 || lastFailureTime == null) {
      return Duration.ZERO;
    }
    Duration delay = base;
    for (int i = 1; i < failuresAfterLastSuccess && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    if (delay.compareTo(max) > 0) {
      delay = max;
    }
    Duration left = delay.minus(Duration.between(lastFailureTime, now));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * When the pod finished: the latest container {@code finishedAt}; else when Ready turned False;
   * else deletionTimestamp minus the grace period; else creationTimestamp (upstream
   * {@code getFinishedTime}).
   */
  public static Instant finishTime(Pod pod) {
    Instant latest = null;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (s.getState() != null && s.getState().getTerminated() != null
            && s.getState().getTerminated().getFinishedAt() != null) {
          Instant t = Instant.parse(s.getState().getTerminated().getFinishedAt());
          latest = latest == null || t.isAfter(latest) ? t : latest;
        }
      }
    }
    if (latest != null) {
      return latest;
    }
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && "False".equals(c.getStatus()) && c.getLastTransitionTime() != null) {
          return Instant.parse(c.getLastTransitionTime());
        }
      }
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      long grace = Objects.requireNonNullElse(pod.getMetadata().getDeletionGracePeriodSeconds(), 0L);
      return Instant.parse(pod.getMetadata().getDeletionTimestamp()).minusSeconds(grace);
    }
    String created = pod.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }
}

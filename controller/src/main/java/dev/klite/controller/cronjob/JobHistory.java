package dev.klite.controller.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure choice of finished Jobs to delete beyond {@code successfulJobsHistoryLimit} /
 * {@code failedJobsHistoryLimit} (upstream {@code cleanupFinishedJobs} / {@code removeOldestJobs}
 * in {@code pkg/controller/cronjob/cronjob_controllerv2.go}): oldest first by
 * {@code status.startTime}, Jobs without a startTime last, ties by name.
 */
public final class JobHistory {

  private JobHistory() {}

  static final Comparator<Job> OLDEST_FIRST = Comparator
      .comparing((Job j) -> j.getStatus() == null || j.getStatus().getStartTime() == null
          ? Instant.MAX : Instant.parse(j.getStatus().getStartTime()))
      .thenComparing(j -> j.getMetadata().getName());

  /** Jobs of one outcome ({@code Complete} or {@code Failed}) above {@code limit}, oldest first. */
  public static List<Job> toDelete(List<Job> jobs, String outcome, Integer limit) {
    if (limit == null) {
      return List.of();
    }
    List<Job> finished = new ArrayList<>(jobs.stream()
        .filter(j -> CronJobJobs.finishedType(j).map(outcome::equals).orElse(false)).toList());
    if (finished.size() <= limit) {
      return List.of();
    }
    finished.sort(OLDEST_FIRST);
    return List.copyOf(finished.subList(0, finished.size() - limit));
  }
}

package dev.klite.controller.cronjob;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Pure missed-schedule computation (job-semantics.md §4.5; upstream
 * {@code pkg/controller/cronjob/utils.go} {@code mostRecentScheduleTime}): only the most recent
 * due time is returned, earlier missed slots are never back-filled.
 *
 * @param mostRecent the latest activation in {@code (earliest, now]}, if any
 * @param tooMany more than 100 activations were missed
 */
public record MissedRuns(Optional<Instant> mostRecent, boolean tooMany) {

  static final int TOO_MANY = 100;

  public static final MissedRuns NONE = new MissedRuns(Optional.empty(), false);

  /**
   * @throws IllegalArgumentException if two consecutive activations are less than 1 s apart
   */
  public static MissedRuns compute(CronSchedule schedule, Instant earliest, Instant now) {
    Optional<Instant> t1 = schedule.next(earliest);
    if (t1.isEmpty() || now.isBefore(t1.get())) {
      return NONE;
    }
    Optional<Instant> t2 = schedule.next(t1.get());
    if (t2.isEmpty() || now.isBefore(t2.get())) {
      return new MissedRuns(t1, false);
    }
    Duration between = Duration.between(t1.get(), t2.get());
    if (between.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("time difference between two schedules is less than 1 second");
    }
    long missed = Duration.between(t1.get(), now).dividedBy(between) + 1;
    // Walk only the tail: start a few intervals before now (but not before t1), so a CronJob that
    // was stopped for a year does not cost half a million iterations.
    Instant start = t1.get();
    if (missed > 10) {
      Instant candidate = now.minus(between.multipliedBy(5));
      if (candidate.isAfter(start)) {
        start = candidate;
      }
    }
    Instant latest = start.equals(t1.get()) ? t1.get() : null;
    Optional<Instant> t = schedule.next(start.equals(t1.get()) ? t1.get() : start.minusNanos(1));
    while (t.isPresent() && !t.get().isAfter(now)) {
      latest = t.get();
      t = schedule.next(t.get());
    }
    if (latest == null) {
      // Irregular schedule with a gap wider than the window: walk from t1 instead.
      latest = t1.get();
      for (Optional<Instant> u = schedule.next(t1.get()); u.isPresent() && !u.get().isAfter(now);
          u = schedule.next(u.get())) {
        latest = u.get();
      }
    }
    return new MissedRuns(Optional.of(latest), missed > TOO_MANY);
  }
}

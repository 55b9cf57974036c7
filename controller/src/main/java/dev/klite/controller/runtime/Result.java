package dev.klite.controller.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * What a reconcile asks the loop to do next (JOSDK's result-as-value shape): nothing, or run the
 * same key again after a delay (used for deadlines and pod re-creation backoff).
 */
public record Result(Duration requeueAfter) {

  private static final Result DONE = new Result(null);

  public static Result done() {
    return DONE;
  }

  public static Result requeueAfter(Duration delay) {
    return new Result(delay.isNegative() ? Duration.ZERO : delay);
  }

  public Optional<Duration> requeueDelay() {
    return Optional.ofNullable(requeueAfter);
  }

  /** The earlier of two requests to run again; {@code done} only if both are done. */
  public Result merge(Result other) {
    if (requeueAfter == null) {
      return other;
    }
    if (other.requeueAfter == null) {
      return this;
    }
    return requeueAfter.compareTo(other.requeueAfter) <= 0 ? this : other;
  }
}

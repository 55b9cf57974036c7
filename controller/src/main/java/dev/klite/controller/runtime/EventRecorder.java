package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records core/v1 Events about an object, like client-go's {@code record.EventRecorder}.
 *
 * <p>Best effort: called on worker threads, may block on one API call, never throws (a failed
 * write is logged). Repeats of the same (object, type, reason, message) bump {@code count} and
 * {@code lastTimestamp} of the existing Event instead of creating a new one.
 */
public interface EventRecorder {

  String NORMAL = "Normal";
  String WARNING = "Warning";

  /**
   * @param object the involved object, as last read (its uid and resourceVersion are recorded)
   * @param type {@link #NORMAL} or {@link #WARNING}
   */
  void event(HasMetadata object, String type, String reason, String message);
}

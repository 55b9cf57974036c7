package dev.klite.controller.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Job controller metrics named as upstream {@code pkg/controller/job/metrics/metrics.go} names them.
 */
public final class JobMetrics {

  private final MeterRegistry registry;

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** @param result {@code success} or {@code error}; @param action {@code reconciling}, {@code tracking}, {@code pods_created}, {@code pods_deleted} */
  public void sync(String completionMode, String result, String action, Duration duration) {
    Counter.builder("job_controller_job_syncs_total")
        .description("The number of job syncs")
        .tag("completion_mode", completionMode).tag("result", result).tag("action", action)
        .register(registry).increment();
    Timer.builder("job_controller_job_sync_duration_seconds")
        .description("The time it took to sync a job")
        .tag("completion_mode", completionMode).tag("result", result).tag("action", action)
        .register(registry).record(duration);
  }

  /** @param conditionType {@code Complete} or {@code Failed}; @param reason the condition reason */
  public void finished(String completionMode, String conditionType, String reason) {
    Counter.builder("job_controller_jobs_finished_total")
        .description("The number of finished jobs")
        .tag("completion_mode", completionMode)
        .tag("result", "Complete".equals(conditionType) ? "succeeded" : "failed")
        .tag("reason", reason == null ? "" : reason)
        .register(registry).increment();
  }
}

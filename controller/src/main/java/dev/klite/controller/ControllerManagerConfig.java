package dev.klite.controller;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the controller manager. Time constants default to upstream's and may be shortened
 * for CI use (design.md "Controller").
 *
 * @param clock time source for timestamps, backoffs and queue delays
 * @param podRecreationBaseBackoff first pod re-creation delay after a failure (upstream 10 s)
 * @param podRecreationMaxBackoff cap of that delay (upstream 10 min)
 * @param workers reconcile workers of the Job and CronJob controllers (the garbage collector and
 *     TTL controller use at most 2, the scheduler 1)
 * @param jobSyncBatchPeriod delay batching pod events into one Job sync (upstream 1 s)
 * @param meterRegistry where metrics go; {@code null} means a new {@code SimpleMeterRegistry}
 */
public record ControllerManagerConfig(Clock clock, Duration podRecreationBaseBackoff, Duration podRecreationMaxBackoff,
    int workers, Duration jobSyncBatchPeriod, MeterRegistry meterRegistry) {

  public ControllerManagerConfig {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(podRecreationBaseBackoff, "podRecreationBaseBackoff");
    Objects.requireNonNull(podRecreationMaxBackoff, "podRecreationMaxBackoff");
    Objects.requireNonNull(jobSyncBatchPeriod, "jobSyncBatchPeriod");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1");
    }
  }

  public ControllerManagerConfig(Clock clock, Duration podRecreationBaseBackoff, Duration podRecreationMaxBackoff,
      int workers) {
    this(clock, podRecreationBaseBackoff, podRecreationMaxBackoff, workers, Duration.ofSeconds(1), null);
  }

  /** Upstream values: 10 s / 10 min pod backoff, 1 s batching, 5 workers (kube-controller-manager's
   *  {@code --concurrent-job-syncs} default). */
  public static ControllerManagerConfig defaults() {
    return new ControllerManagerConfig(Clock.systemUTC(), Duration.ofSeconds(10), Duration.ofMinutes(10), 5);
  }

  public ControllerManagerConfig withMeterRegistry(MeterRegistry registry) {
    return new ControllerManagerConfig(clock, podRecreationBaseBackoff, podRecreationMaxBackoff, workers,
        jobSyncBatchPeriod, registry);
  }

  public ControllerManagerConfig withJobSyncBatchPeriod(Duration period) {
    return new ControllerManagerConfig(clock, podRecreationBaseBackoff, podRecreationMaxBackoff, workers, period,
        meterRegistry);
  }
}

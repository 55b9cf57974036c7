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
 * @param podRecreationBaseBackoff first pod re-creation delay after a failure (upstream
 *     {@code DefaultJobPodFailureBackOff}, 10 s); the delay doubles per consecutive failure. It
 *     applies everywhere the Job controller delays a replacement pod: the Job-wide backoff
 *     (NonIndexed and Indexed Jobs) and the per-index backoff of {@code backoffLimitPerIndex}
 *     Jobs. It does not affect the kubelet's container restart backoff ({@code restartPolicy:
 *     OnFailure}), which is the kubelet's setting
 * @param podRecreationMaxBackoff cap of that delay (upstream {@code MaxJobPodFailureBackOff}, 10 min)
 * @param workers reconcile workers of the Job and CronJob controllers (the TTL and namespace
 *     controllers use at most 2, the scheduler and the garbage collector 1)
 * @param jobSyncBatchPeriod delay batching pod events into one Job sync (upstream 1 s)
 * @param meterRegistry where metrics go; {@code null} means a new {@code SimpleMeterRegistry}
 * @param gcRelistPeriod how often the garbage collector relists the resource types it has no
 *     informer for (everything but pods, jobs, cronjobs, nodes and namespaces); default 30 s, because
 *     each relist reads every object of those types (BENCHMARKS.md: at 5 s, with 10k ConfigMaps, the
 *     relists took most of the server's CPU)
 */
public record ControllerManagerConfig(Clock clock, Duration podRecreationBaseBackoff, Duration podRecreationMaxBackoff,
    int workers, Duration jobSyncBatchPeriod, MeterRegistry meterRegistry, Duration gcRelistPeriod) {

  static final Duration DEFAULT_GC_RELIST_PERIOD = Duration.ofSeconds(30);

  public ControllerManagerConfig {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(podRecreationBaseBackoff, "podRecreationBaseBackoff");
    Objects.requireNonNull(podRecreationMaxBackoff, "podRecreationMaxBackoff");
    Objects.requireNonNull(jobSyncBatchPeriod, "jobSyncBatchPeriod");
    Objects.requireNonNull(gcRelistPeriod, "gcRelistPeriod");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1");
    }
  }

  public ControllerManagerConfig(Clock clock, Duration podRecreationBaseBackoff, Duration podRecreationMaxBackoff,
      int workers, Duration jobSyncBatchPeriod, MeterRegistry meterRegistry) {
    this(clock, podRecreationBaseBackoff, podRecreationMaxBackoff, workers, jobSyncBatchPeriod, meterRegistry,
        DEFAULT_GC_RELIST_PERIOD);
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
        jobSyncBatchPeriod, registry, gcRelistPeriod);
  }

  public ControllerManagerConfig withJobSyncBatchPeriod(Duration period) {
    return new ControllerManagerConfig(clock, podRecreationBaseBackoff, podRecreationMaxBackoff, workers, period,
        meterRegistry, gcRelistPeriod);
  }

  /** Shorter for tests or CI; must be positive. */
  public ControllerManagerConfig withGcRelistPeriod(Duration period) {
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("gcRelistPeriod must be positive");
    }
    return new ControllerManagerConfig(clock, podRecreationBaseBackoff, podRecreationMaxBackoff, workers,
        jobSyncBatchPeriod, meterRegistry, period);
  }

  /** The pod re-creation backoff pair, e.g. 1 s / 10 s for CI; see {@link #podRecreationBaseBackoff()}. */
  public ControllerManagerConfig withPodRecreationBackoff(Duration base, Duration max) {
    return new ControllerManagerConfig(clock, base, max, workers, jobSyncBatchPeriod, meterRegistry, gcRelistPeriod);
  }
}

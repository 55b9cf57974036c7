package dev.klite.store.rocksdb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background compaction with a minimum retained window. Every tick it records (now, current
 * revision) and compacts to the newest sampled revision that is at least {@code minRetention}
 * old, the way the API server's compactor compacts to the revision it saw one interval earlier
 * ({@code staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go}). History younger than the
 * window is therefore always kept. Owned by the store, which closes it before the database.
 */
final class Compactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  private record Sample(Instant time, long revision) {}

  private final LongSupplier currentRevision;
  private final LongConsumer compact;
  private final Duration minRetention;
  private final Clock clock;
  /** Only touched by the scheduler thread (or a test calling {@link #tick}). */
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final ScheduledExecutorService scheduler;

  Compactor(LongSupplier currentRevision, LongConsumer compact, Duration minRetention, Clock clock) {
    this.currentRevision = currentRevision;
    this.compact = compact;
    this.minRetention = minRetention;
    this.clock = clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "klite-store-compactor");
      t.setDaemon(true);
      return t;
    });
  }

  void start(Duration interval) {
    long nanos = Math.max(1, interval.toNanos());
    scheduler.scheduleWithFixedDelay(this::tickSafely, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** One sampling and compaction step. */
  synchronized void tick() { // visible for testing
    Instant now = clock.instant();
    samples.addLast(new Sample(now, currentRevision.getAsLong()));
    Instant cutoff = now.minus(minRetention);
    Sample target = null;
    while (!samples.isEmpty() && !samples.peekFirst().time().isAfter(cutoff)) {
      target = samples.pollFirst();
    }
    if (target != null && target.revision() > 0) {
      compact.accept(target.revision());
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn("Background compaction failed; retrying at the next tick", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("The compactor did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

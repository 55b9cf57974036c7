package dev.klite.controller.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A de-duplicating, delayed, rate-limited work queue with client-go's semantics
 * ({@code staging/src/k8s.io/client-go/util/workqueue/queue.go}, {@code delaying_queue.go},
 * {@code default_rate_limiters.go}).
 *
 * <ul>
 *   <li>A key added many times before a worker takes it is processed once ("dirty" set).
 *   <li>A key is never handed to two workers: a key added while it is processing is queued again
 *       only when the worker calls {@link #done}.
 *   <li>{@link #addAfter} keeps the earliest requested time per key.
 *   <li>{@link #addRateLimited} delays by {@code base * 2^failures}, capped at {@code max};
 *       {@link #forget} resets the failure count.
 * </ul>
 *
 * <p>Time comes from the injected {@link Clock}, so tests can step a manual clock and call the
 * non-blocking {@link #poll()} instead of waiting. All methods are thread-safe.
 */
public final class WorkQueue<K> implements AutoCloseable {

  /** Longest single wait in {@link #take}, so a stepped or jumping clock is noticed. */
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private final Clock clock;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<K> queue = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Instant> waiting = new HashMap<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private boolean shutdown;

  public WorkQueue(Clock clock, Duration baseDelay, Duration maxDelay) {
    this.clock = Objects.requireNonNull(clock);
    this.baseDelay = Objects.requireNonNull(baseDelay);
    this.maxDelay = Objects.requireNonNull(maxDelay);
  }

  /** Marks the key as needing processing now. */
  public void add(K key) {
    lock.lock();
    try {
      addLocked(key);
    } finally {
      lock.unlock();
    }
  }

  /** Adds the key once {@code delay} has passed; zero or negative delays add at once. */
  public void addAfter(K key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    lock.lock();
    try {
      if (shutdown) {
        return;
      }
      Instant readyAt = clock.instant().plus(delay);
      waiting.merge(key, readyAt, (a, b) -> a.isBefore(b) ? a : b);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Adds the key after its per-key exponential backoff and counts one more failure. */
  public void addRateLimited(K key) {
    Duration delay;
    lock.lock();
    try {
      int n = failures.getOrDefault(key, 0);
      failures.put(key, n + 1);
      delay = backoff(n);
    } finally {
      lock.unlock();
    }
    addAfter(key, delay);
  }

  /** Forgets the key's failure history (call after a successful reconcile). */
  public void forget(K key) {
    lock.lock();
    try {
      failures.remove(key);
    } finally {
      lock.unlock();
    }
  }

  public int numRequeues(K key) {
    lock.lock();
    try {
      return failures.getOrDefault(key, 0);
    } finally {
      lock.unlock();
    }
  }

  /** Ends processing of a key taken by {@link #poll} or {@link #take}. */
  public void done(K key) {
    lock.lock();
    try {
      processing.remove(key);
      if (dirty.contains(key)) {
        queue.addLast(key);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Non-blocking: the next ready key (now marked processing), if any. */
  public Optional<K> poll() {
    lock.lock();
    try {
      promoteDue();
      return Optional.ofNullable(popLocked());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code maxWait} for a ready key. Returns empty on timeout or after shutdown.
   *
   * @throws InterruptedException if the calling worker is interrupted
   */
  public Optional<K> take(Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    lock.lock();
    try {
      while (!shutdown) {
        promoteDue();
        K key = popLocked();
        if (key != null) {
          return Optional.of(key);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        changed.awaitNanos(Math.min(Math.min(left, MAX_PARK_NANOS), nanosUntilNextDue()));
      }
      return Optional.empty();
    } finally {
      lock.unlock();
    }
  }

  /** Keys ready to be processed now (excluding delayed ones). */
  public int length() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Number of keys waiting for a delay to pass. */
  public int delayedCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  /** Stops handing out keys; blocked {@link #take} calls return empty. */
  @Override
  public void close() {
    lock.lock();
    try {
      shutdown = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  Duration backoff(int previousFailures) {
    if (previousFailures >= 62) {
      return maxDelay;
    }
    long factor = 1L << previousFailures;
    long nanos = baseDelay.toNanos();
    if (nanos != 0 && factor > maxDelay.toNanos() / nanos) {
      return maxDelay;
    }
    Duration d = Duration.ofNanos(nanos * factor);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }

  private void addLocked(K key) {
    if (shutdown || dirty.contains(key)) {
      return;
    }
    dirty.add(key);
    if (!processing.contains(key)) {
      queue.addLast(key);
      changed.signalAll();
    }
  }

  private K popLocked() {
    K key = queue.pollFirst();
    if (key != null) {
      processing.add(key);
      dirty.remove(key);
    }
    return key;
  }

  private void promoteDue() {
    if (waiting.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    var it = waiting.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isAfter(now)) {
        it.remove();
        addLocked(e.getKey());
      }
    }
  }

  private long nanosUntilNextDue() {
    Instant now = clock.instant();
    long best = Long.MAX_VALUE;
    for (Instant at : waiting.values()) {
      best = Math.min(best, Math.max(1, Duration.between(now, at).toNanos()));
    }
    return best;
  }
}

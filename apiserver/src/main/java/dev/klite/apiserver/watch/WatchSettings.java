package dev.klite.apiserver.watch;

import java.time.Duration;

/**
 * Tuning of watch streams.
 *
 * @param queueCapacity the store-side queue of each watcher (overflow ends the watch)
 * @param bookmarkInterval the minimum time between two BOOKMARK events of one watch
 * @param slowWriteBudget how long a watcher whose event buffer is full may stay blocked before the
 *     watch ends (cacher's time budget, staging/src/k8s.io/apiserver/pkg/storage/cacher/time_budget.go)
 * @param eventBuffer how many live events a watcher whose response does not take more may hold
 *     (the cache watcher's input channel, staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go)
 */
public record WatchSettings(int queueCapacity, Duration bookmarkInterval, Duration slowWriteBudget, int eventBuffer) {
  public static final int DEFAULT_EVENT_BUFFER = 100;

  public WatchSettings {
    if (eventBuffer < 0) throw new IllegalArgumentException("eventBuffer must not be negative");
  }

  public WatchSettings(int queueCapacity, Duration bookmarkInterval, Duration slowWriteBudget) {
    this(queueCapacity, bookmarkInterval, slowWriteBudget, DEFAULT_EVENT_BUFFER);
  }

  public static WatchSettings defaults() {
    return new WatchSettings(4096, Duration.ofSeconds(10), Duration.ofSeconds(10));
  }
}

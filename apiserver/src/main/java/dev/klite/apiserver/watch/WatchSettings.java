package dev.klite.apiserver.watch;

import java.time.Duration;

/**
 * Tuning of watch streams.
 *
 * @param queueCapacity the store-side queue of each watcher (overflow ends the watch)
 * @param bookmarkInterval the minimum time between two BOOKMARK events of one watch
 * @param slowWriteBudget how long a response's write queue may stay full before the watch ends
 *     (cacher's time budget, staging/src/k8s.io/apiserver/pkg/storage/cacher/time_budget.go)
 */
public record WatchSettings(int queueCapacity, Duration bookmarkInterval, Duration slowWriteBudget) {
  public static WatchSettings defaults() {
    return new WatchSettings(4096, Duration.ofSeconds(10), Duration.ofSeconds(10));
  }
}

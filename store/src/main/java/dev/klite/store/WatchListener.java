package dev.klite.store;

import java.util.List;

/**
 * Receives the events of one watch. Called from a store thread, one call at a time per watch,
 * in revision order. Implementations must not block: hand the events to another thread.
 */
public interface WatchListener {
  /** A batch of events, in revision order, never empty. */
  void onEvents(List<Event> events);

  /** The store has reached {@code revision} with no further events for this watch. */
  default void onProgress(long revision) {}

  /** The watch ended; no further calls follow. */
  void onCancelled(CancelReason reason);
}

package dev.klite.store.watch;

import dev.klite.store.Bytes;
import dev.klite.store.CancelReason;
import dev.klite.store.Event;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One watch registered with a {@link WatchHub}. The state machine is etcd's
 * ({@code server/storage/mvcc/watchable_store.go}): a watcher starts <em>unsynced</em> and is
 * caught up from history by the dispatcher; once it has replayed everything up to the hub's last
 * published revision it becomes <em>synced</em> and receives live events through its bounded
 * queue. A full queue cancels it (kine {@code pkg/broadcaster/broadcaster.go}); the writer never
 * waits.
 *
 * <p>Fields written by the publisher are guarded by the hub lock or are atomics; fields used
 * only by the dispatcher thread are plain.
 */
final class Watcher implements Watch {
  private final WatchHub hub;
  private final Bytes prefix;
  private final long startRevision;
  private final boolean progressNotify;
  private final WatchListener listener;
  private final ArrayBlockingQueue<Event> queue;
  private final AtomicReference<CancelReason> cancelReason = new AtomicReference<>();
  /** Set while the watcher is in the dispatcher's ready queue. */
  final AtomicBoolean scheduled = new AtomicBoolean();

  /** Guarded by the hub lock: live events are offered only once synced. */
  boolean synced;
  /** Dispatcher only: the last revision replayed from history (catch-up position). */
  long replayedUpTo;
  /** Dispatcher only: whether events were delivered since the last progress tick. */
  boolean deliveredSinceTick;
  /** Dispatcher only: onCancelled has been called. */
  boolean finished;

  Watcher(WatchHub hub, Bytes prefix, long startRevision, int capacity, boolean progressNotify,
      WatchListener listener) {
    this.hub = hub;
    this.prefix = prefix;
    this.startRevision = startRevision;
    this.progressNotify = progressNotify;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.replayedUpTo = startRevision;
  }

  Bytes prefix() {
    return prefix;
  }

  long startRevision() {
    return startRevision;
  }

  boolean progressNotify() {
    return progressNotify;
  }

  WatchListener listener() {
    return listener;
  }

  /** Non-blocking; false when the queue is full (the caller cancels the watcher). */
  boolean offer(Event event) {
    return queue.offer(event);
  }

  boolean queueIsEmpty() {
    return queue.isEmpty();
  }

  /**
   * Drains queued live events, dropping any at or below the start revision: a watcher may start
   * from a revision above the current one and must not see the writes in between (kine's revision
   * filter in {@code pkg/logstructured/logstructured.go} Watch).
   */
  List<Event> drain() {
    List<Event> events = new ArrayList<>(Math.min(queue.size(), 256));
    Event e;
    while ((e = queue.poll()) != null) {
      if (e.revision() > startRevision) {
        events.add(e);
      }
    }
    return events;
  }

  void clearQueue() {
    queue.clear();
  }

  /** Marks the watcher cancelled; true only for the first reason. */
  boolean markCancelled(CancelReason reason) {
    return cancelReason.compareAndSet(null, reason);
  }

  CancelReason cancelReason() {
    return cancelReason.get();
  }

  @Override
  public void close() {
    hub.cancel(this, CancelReason.CLOSED_BY_WATCHER);
  }
}

package dev.klite.store.watch;

import dev.klite.store.CancelReason;
import dev.klite.store.CompactedException;
import dev.klite.store.Event;
import dev.klite.store.StoreException;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import dev.klite.store.WatchRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans committed events out to watchers, modelled on etcd's watchable store
 * ({@code server/storage/mvcc/watchable_store.go}) and kine's broadcaster
 * ({@code pkg/broadcaster/broadcaster.go}).
 *
 * <ul>
 *   <li>The store's writer calls {@link #publish} after each commit, in revision order. Publishing
 *       only offers events to bounded per-watcher queues under a short lock; it never calls a
 *       listener and never waits for one. A watcher whose queue is full is cancelled with
 *       {@link CancelReason#SLOW_CONSUMER}.
 *   <li>A watcher that starts behind the last published revision is <em>unsynced</em>: the
 *       dispatcher replays {@link EventHistory} in chunks and, once caught up, atomically (under
 *       the hub lock) switches it to live delivery, so no event is lost or duplicated.
 *   <li>All listener calls happen on one dispatcher thread, one call at a time per watcher, in
 *       revision order, never while the writer holds a lock. A listener that blocks therefore
 *       delays every watcher of the store. After {@code Watch.close()} returns no new delivery
 *       starts (one already running may finish); {@code onCancelled(CLOSED_BY_WATCHER)} follows.
 *   <li>Watchers asking for progress notifications get {@link WatchListener#onProgress} every
 *       {@code progressInterval} while idle (etcd's progress notify, used for bookmarks).
 * </ul>
 *
 * <p>Lock order: the store's locks may be held when calling {@link #publish}; the hub never calls
 * into the store (or a listener) while holding its own lock.
 */
public final class WatchHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WatchHub.class);
  /** Revisions read from history per catch-up step, so one far-behind watcher cannot starve others. */
  public static final int REPLAY_CHUNK_REVISIONS = 1000;

  private final EventHistory history;
  private final long progressIntervalNanos;
  private final ReentrantLock lock = new ReentrantLock();
  /** Guarded by lock: the synced watchers that receive live events. */
  private final PrefixIndex synced = new PrefixIndex();
  /** Guarded by lock: every watcher not yet cancelled. */
  private final Set<Watcher> active = new LinkedHashSet<>();
  /** Written under lock by publish; read without it by the dispatcher to plan catch-up. */
  private volatile long lastPublished;
  private final ConcurrentLinkedQueue<Watcher> ready = new ConcurrentLinkedQueue<>();
  private final Thread dispatcher;
  private volatile boolean stopping;

  /**
   * @param name used for the dispatcher thread's name
   * @param initialRevision the store's current revision when the hub starts
   * @param progressInterval how often idle watchers with progress notification get onProgress
   */
  public WatchHub(String name, EventHistory history, long initialRevision, Duration progressInterval) {
    this.history = Objects.requireNonNull(history, "history");
    this.progressIntervalNanos = Math.max(1, progressInterval.toNanos());
    this.lastPublished = initialRevision;
    this.dispatcher = new Thread(this::dispatchLoop, name + "-watch-dispatcher");
    this.dispatcher.setDaemon(true);
    this.dispatcher.start();
  }

  /**
   * Registers a watcher. The caller has already checked the start revision against the compact
   * revision; a compaction racing with the replay cancels the watcher with
   * {@link CancelReason#COMPACTED}. Start revision 0 means the last published revision.
   *
   * @throws StoreException if the hub is closed
   */
  public Watch watch(WatchRequest request, WatchListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    Watcher watcher;
    lock.lock();
    try {
      if (stopping) {
        throw new StoreException("store is closed");
      }
      long start = request.startRevision() == 0 ? lastPublished : request.startRevision();
      watcher = new Watcher(this, request.prefix(), start, request.queueCapacity(),
          request.progressNotify(), listener);
      active.add(watcher);
      if (start >= lastPublished) {
        watcher.synced = true;
        synced.add(watcher);
        return watcher;
      }
    } finally {
      lock.unlock();
    }
    schedule(watcher);
    return watcher;
  }

  /**
   * Offers the events of one commit (or one group commit) to the synced watchers. Called by the
   * single writer with events in increasing, gap-free revision order. Never blocks on a watcher.
   */
  public void publish(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    List<Watcher> overflowed = new ArrayList<>(0);
    lock.lock();
    try {
      for (Event event : events) {
        synced.forEachMatch(event.kv().key(), watchers -> {
          for (Watcher w : watchers) {
            if (w.cancelReason() != null) {
              continue;
            }
            if (w.offer(event)) {
              schedule(w);
            } else if (w.markCancelled(CancelReason.SLOW_CONSUMER)) {
              // Not removed from the index here: we are iterating it. Skipped from now on.
              overflowed.add(w);
            }
          }
        });
      }
      lastPublished = events.get(events.size() - 1).revision();
      for (Watcher w : overflowed) {
        log.warn("Cancelling slow watcher on prefix {}: its queue of events is full at revision {}",
            w.prefix(), lastPublished);
        unregister(w);
        schedule(w);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The revision of the last published event (or the initial revision). */
  public long lastPublishedRevision() {
    return lastPublished;
  }

  /** The number of watchers not yet cancelled. */
  public int watcherCount() {
    lock.lock();
    try {
      return active.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Cancels every watcher with {@link CancelReason#CLOSED}, delivers the cancellations and stops
   * the dispatcher thread (waiting for it unless called from a listener). Idempotent.
   */
  @Override
  public void close() {
    List<Watcher> toCancel;
    lock.lock();
    try {
      if (stopping) {
        return;
      }
      stopping = true;
      toCancel = new ArrayList<>(active);
    } finally {
      lock.unlock();
    }
    for (Watcher w : toCancel) {
      cancel(w, CancelReason.CLOSED);
    }
    LockSupport.unpark(dispatcher);
    if (Thread.currentThread() != dispatcher) {
      try {
        dispatcher.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void cancel(Watcher watcher, CancelReason reason) {
    if (watcher.markCancelled(reason)) {
      lock.lock();
      try {
        unregister(watcher);
      } finally {
        lock.unlock();
      }
      schedule(watcher);
    }
  }

  private void unregister(Watcher watcher) {
    active.remove(watcher);
    synced.remove(watcher);
  }

  private void schedule(Watcher watcher) {
    if (watcher.scheduled.compareAndSet(false, true)) {
      ready.add(watcher);
      LockSupport.unpark(dispatcher);
    }
  }

  private void dispatchLoop() {
    long nextTick = System.nanoTime() + progressIntervalNanos;
    while (true) {
      Watcher w;
      while ((w = ready.poll()) != null) {
        process(w);
      }
      if (stopping && ready.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      if (now - nextTick >= 0) {
        progressTick();
        nextTick = now + progressIntervalNanos;
      } else {
        LockSupport.parkNanos(this, nextTick - now);
      }
    }
  }

  private void process(Watcher w) {
    w.scheduled.set(false);
    if (w.finished) {
      return;
    }
    CancelReason reason = w.cancelReason();
    if (reason != null) {
      w.finished = true;
      w.clearQueue();
      try {
        w.listener().onCancelled(reason);
      } catch (RuntimeException e) {
        log.warn("Watch listener failed in onCancelled({})", reason, e);
      }
      return;
    }
    if (w.synced) {
      List<Event> events = w.drain();
      if (!events.isEmpty()) {
        deliver(w, events);
      }
    } else {
      catchUp(w);
    }
  }

  /** One step of replay for an unsynced watcher (etcd's syncWatchers, per watcher and chunked). */
  private void catchUp(Watcher w) {
    long target = lastPublished;
    if (w.replayedUpTo < target) {
      long upTo = Math.min(target, w.replayedUpTo + REPLAY_CHUNK_REVISIONS);
      List<Event> events;
      try {
        events = history.read(w.replayedUpTo, upTo, w.prefix());
      } catch (CompactedException e) {
        cancel(w, CancelReason.COMPACTED);
        return;
      } catch (RuntimeException e) {
        log.error("Replaying history for watcher on prefix {} after revision {} failed",
            w.prefix(), w.replayedUpTo, e);
        cancel(w, CancelReason.CLOSED);
        return;
      }
      w.replayedUpTo = upTo;
      if (!events.isEmpty()) {
        deliver(w, events);
      }
      schedule(w);
      return;
    }
    lock.lock();
    try {
      if (w.cancelReason() == null && w.replayedUpTo == lastPublished) {
        w.synced = true;
        synced.add(w);
        return;
      }
    } finally {
      lock.unlock();
    }
    schedule(w);
  }

  private void deliver(Watcher w, List<Event> events) {
    if (w.cancelReason() != null) {
      return;
    }
    w.deliveredSinceTick = true;
    try {
      w.listener().onEvents(events);
    } catch (RuntimeException e) {
      log.warn("Watch listener on prefix {} failed in onEvents", w.prefix(), e);
    }
  }

  private void progressTick() {
    List<Watcher> watchers;
    lock.lock();
    try {
      watchers = new ArrayList<>(active);
    } finally {
      lock.unlock();
    }
    for (Watcher w : watchers) {
      if (!w.progressNotify() || w.finished || !w.synced) {
        continue;
      }
      boolean idle = !w.deliveredSinceTick;
      w.deliveredSinceTick = false;
      if (!idle) {
        continue;
      }
      long revision = -1;
      lock.lock();
      try {
        // Under the lock no publish is in progress, so an empty queue means every event up to
        // lastPublished has been handed to the listener already.
        if (w.cancelReason() == null && w.queueIsEmpty()) {
          revision = lastPublished;
        }
      } finally {
        lock.unlock();
      }
      if (revision >= w.startRevision()) {
        try {
          w.listener().onProgress(revision);
        } catch (RuntimeException e) {
          log.warn("Watch listener on prefix {} failed in onProgress", w.prefix(), e);
        }
      }
    }
  }
}

package dev.klite.store.memory;

import dev.klite.store.Bytes;
import dev.klite.store.CompactedException;
import dev.klite.store.Event;
import dev.klite.store.FutureRevisionException;
import dev.klite.store.KeyValue;
import dev.klite.store.KvStore;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import dev.klite.store.StoreException;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import dev.klite.store.WatchRequest;
import dev.klite.store.WriteResult;
import dev.klite.store.watch.WatchHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A reference {@link KvStore} that keeps all history in memory (the role kine's
 * {@code pkg/drivers/memory/memory.go} plays for kine): fast, obviously correct, and used by the
 * API server's unit tests. Nothing is persisted.
 *
 * <p>One read-write lock guards all state; writes publish to the {@link WatchHub} while holding
 * the write lock, which only enqueues (listeners run on the hub's dispatcher thread), so events
 * reach the hub in revision order.
 */
public final class InMemoryKvStore implements KvStore {
  private static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Every version of every key, including tombstones (null kv), by modRevision. */
  private final TreeMap<Bytes, TreeMap<Long, KeyValue>> history = new TreeMap<>();
  /** The live version of each key: the fast path for reads at the current revision. */
  private final TreeMap<Bytes, KeyValue> current = new TreeMap<>();
  /** The events not yet compacted, by revision, for watch replay. */
  private final TreeMap<Long, Event> log = new TreeMap<>();
  private final WatchHub hub;
  private long revision;
  private long compactRevision;
  private boolean closed;

  /** A store whose watchers get progress notifications every second. */
  public InMemoryKvStore() {
    this(DEFAULT_PROGRESS_INTERVAL);
  }

  /** A store whose watchers with progress notification get one every {@code progressInterval}. */
  public InMemoryKvStore(Duration progressInterval) {
    this.hub = new WatchHub("klite-memory-store", this::readEvents, 0, progressInterval);
  }

  @Override
  public long currentRevision() {
    return underReadLock(() -> revision);
  }

  @Override
  public long compactRevision() {
    return underReadLock(() -> compactRevision);
  }

  @Override
  public Optional<KeyValue> get(Bytes key, long atRevision) {
    Objects.requireNonNull(key, "key");
    return underReadLock(() -> {
      long rev = resolve(atRevision);
      if (rev == revision) {
        return Optional.ofNullable(current.get(key));
      }
      TreeMap<Long, KeyValue> versions = history.get(key);
      Map.Entry<Long, KeyValue> e = versions == null ? null : versions.floorEntry(rev);
      return e == null ? Optional.empty() : Optional.ofNullable(e.getValue());
    });
  }

  @Override
  public RangeResult range(RangeRequest request) {
    Objects.requireNonNull(request, "request");
    lock.readLock().lock();
    try {
      long rev = resolve(request.atRevision());
      List<KeyValue> kvs = new ArrayList<>();
      long count = 0;
      if (rev == revision) {
        for (KeyValue kv : slice(current, request.start(), request.end()).values()) {
          count++;
          if (!request.countOnly() && (request.limit() == 0 || kvs.size() < request.limit())) {
            kvs.add(kv);
          }
        }
      } else {
        for (TreeMap<Long, KeyValue> versions : slice(history, request.start(), request.end()).values()) {
          Map.Entry<Long, KeyValue> e = versions.floorEntry(rev);
          if (e == null || e.getValue() == null) {
            continue;
          }
          count++;
          if (!request.countOnly() && (request.limit() == 0 || kvs.size() < request.limit())) {
            kvs.add(e.getValue());
          }
        }
      }
      boolean more = !request.countOnly() && count > kvs.size();
      return new RangeResult(kvs, rev, more, count);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public WriteResult create(Bytes key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    lock.writeLock().lock();
    try {
      checkOpen();
      KeyValue existing = current.get(key);
      if (existing != null) {
        return new WriteResult.Conflict(existing);
      }
      long rev = revision + 1;
      KeyValue kv = new KeyValue(key, Bytes.of(value), rev, rev, 1);
      commit(new Event(Event.Type.PUT, kv, null));
      return new WriteResult.Applied(kv);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public WriteResult update(Bytes key, byte[] value, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    lock.writeLock().lock();
    try {
      checkOpen();
      KeyValue existing = current.get(key);
      WriteResult failed = checkExisting(existing, expectedModRevision);
      if (failed != null) {
        return failed;
      }
      long rev = revision + 1;
      KeyValue kv = new KeyValue(key, Bytes.of(value), existing.createRevision(), rev, existing.version() + 1);
      commit(new Event(Event.Type.PUT, kv, existing));
      return new WriteResult.Applied(kv);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public WriteResult delete(Bytes key, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    lock.writeLock().lock();
    try {
      checkOpen();
      KeyValue existing = current.get(key);
      WriteResult failed = checkExisting(existing, expectedModRevision);
      if (failed != null) {
        return failed;
      }
      long rev = revision + 1;
      // etcd's tombstone kv carries only the key and the deleting revision.
      commit(new Event(Event.Type.DELETE, new KeyValue(key, Bytes.EMPTY, 0, rev, 0), existing));
      return new WriteResult.Applied(
          new KeyValue(key, existing.value(), existing.createRevision(), rev, existing.version()));
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    lock.readLock().lock();
    try {
      checkOpen();
      if (request.startRevision() != 0 && request.startRevision() < compactRevision) {
        throw new CompactedException(request.startRevision(), compactRevision, revision);
      }
    } finally {
      lock.readLock().unlock();
    }
    return hub.watch(request, listener);
  }

  /**
   * Drops the events at or below the target and the versions they superseded, the way kine
   * deletes the rows named by {@code prev_revision} ({@code pkg/logstructured/sqllog/sql.go}).
   */
  @Override
  public void compact(long revisionToCompact) {
    lock.writeLock().lock();
    try {
      checkOpen();
      long target = Math.min(revisionToCompact, revision);
      if (target <= compactRevision) {
        return;
      }
      NavigableMap<Long, Event> dropped = log.headMap(target, true);
      for (Event e : dropped.values()) {
        Bytes key = e.kv().key();
        TreeMap<Long, KeyValue> versions = history.get(key);
        e.prevKv().ifPresent(prev -> versions.remove(prev.modRevision()));
        if (e.type() == Event.Type.DELETE) {
          versions.remove(e.revision());
        }
        if (versions.isEmpty()) {
          history.remove(key);
        }
      }
      dropped.clear();
      compactRevision = target;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    hub.close();
  }

  /** Guarded by the write lock. */
  private void commit(Event event) {
    revision = event.revision();
    Bytes key = event.kv().key();
    boolean deleted = event.type() == Event.Type.DELETE;
    history.computeIfAbsent(key, k -> new TreeMap<>()).put(revision, deleted ? null : event.kv());
    if (deleted) {
      current.remove(key);
    } else {
      current.put(key, event.kv());
    }
    log.put(revision, event);
    hub.publish(List.of(event));
  }

  private static WriteResult checkExisting(KeyValue existing, long expectedModRevision) {
    if (existing == null) {
      return new WriteResult.Missing();
    }
    if (expectedModRevision != 0 && existing.modRevision() != expectedModRevision) {
      return new WriteResult.Conflict(existing);
    }
    return null;
  }

  /** Guarded by a lock: maps 0 to the current revision and rejects compacted and future ones. */
  private long resolve(long atRevision) {
    checkOpen();
    if (atRevision == 0) {
      return revision;
    }
    if (atRevision > revision) {
      throw new FutureRevisionException(atRevision, revision);
    }
    if (atRevision <= compactRevision) {
      throw new CompactedException(atRevision, compactRevision, revision);
    }
    return atRevision;
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("store is closed");
    }
  }

  private static <V> NavigableMap<Bytes, V> slice(TreeMap<Bytes, V> map, Bytes start, Bytes end) {
    if (end.length() == 0) {
      return map.tailMap(start, true);
    }
    if (start.compareTo(end) >= 0) {
      return Collections.emptyNavigableMap();
    }
    return map.subMap(start, true, end, false);
  }

  /** {@link dev.klite.store.watch.EventHistory} over the in-memory log. */
  private List<Event> readEvents(long afterRevision, long upToRevision, Bytes prefix) {
    lock.readLock().lock();
    try {
      if (afterRevision < compactRevision) {
        throw new CompactedException(afterRevision, compactRevision, revision);
      }
      List<Event> events = new ArrayList<>();
      for (Event e : log.subMap(afterRevision, false, upToRevision, true).values()) {
        if (e.kv().key().startsWith(prefix)) {
          events.add(e);
        }
      }
      return events;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs a read under the read lock (readers share it; writers exclude them). */
  private <T> T underReadLock(Supplier<T> read) {
    lock.readLock().lock();
    try {
      return read.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}

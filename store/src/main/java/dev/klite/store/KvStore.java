package dev.klite.store;

import java.util.Optional;

/**
 * An MVCC key-value store with etcd semantics: one global revision, compare-and-swap writes,
 * reads at a revision, watch from a revision, and compaction of old revisions.
 *
 * <p>Keys and values are opaque bytes. Every committed write (create, update, delete) increments
 * the global revision by exactly one; the written {@link KeyValue#modRevision()} is that revision.
 * Revisions start at 1 for the first write; an empty store has {@link #currentRevision()} 0.
 *
 * <p>Threading: every method may block (disk I/O, fsync) and must not be called on an event loop.
 * All methods are safe to call from many threads at once. Writes are serialised by the store.
 * A write method returns only after the write is durable (fsync'd, possibly as part of a group
 * commit shared with other writers) unless the store was opened without sync.
 *
 * <p>Expected outcomes of compare-and-swap are values ({@link WriteResult}), never exceptions.
 * {@link StoreException}s signal genuinely exceptional conditions.
 */
public interface KvStore extends AutoCloseable {

  /** The revision of the last committed write; 0 for an empty store. */
  long currentRevision();

  /** The highest compacted revision: reads and watches below or at it fail; 0 if never compacted. */
  long compactRevision();

  /**
   * Reads one key.
   *
   * @param atRevision the revision to read at; 0 means the current revision
   * @return the value live at that revision, or empty if the key did not exist then
   * @throws CompactedException if {@code atRevision} is at or below the compact revision
   * @throws FutureRevisionException if {@code atRevision} is above the current revision
   */
  Optional<KeyValue> get(Bytes key, long atRevision);

  /** Reads one key at the current revision. */
  default Optional<KeyValue> get(Bytes key) {
    return get(key, 0);
  }

  /**
   * Reads the keys in {@code [start, end)} live at one revision, in key order, up to a limit.
   * All pages of a paginated read see the same revision when each passes the revision that the
   * first page returned.
   *
   * @throws CompactedException if the requested revision is at or below the compact revision
   * @throws FutureRevisionException if the requested revision is above the current revision
   */
  RangeResult range(RangeRequest request);

  /**
   * Creates a key that must not exist (or whose last write was a delete).
   *
   * @return {@link WriteResult.Applied} with the new kv, or {@link WriteResult.Conflict} with the
   *     existing kv when the key exists
   */
  WriteResult create(Bytes key, byte[] value);

  /**
   * Replaces the value of an existing key if its modRevision equals {@code expectedModRevision}.
   *
   * @param expectedModRevision the modRevision the caller read; 0 means "any" (unconditional)
   * @return Applied, Conflict (with the current kv) or Missing
   */
  WriteResult update(Bytes key, byte[] value, long expectedModRevision);

  /**
   * Deletes an existing key if its modRevision equals {@code expectedModRevision}.
   *
   * @param expectedModRevision the modRevision the caller read; 0 means "any"
   * @return Applied with the deleted kv as it was before the delete but with {@code modRevision}
   *     set to the deleting revision (as etcd reports it); Conflict; or Missing
   */
  WriteResult delete(Bytes key, long expectedModRevision);

  /**
   * Watches all keys starting with {@code request.prefix()} for writes with a revision greater
   * than {@code request.startRevision()}. Events of the history are replayed first, then live
   * events follow, without loss or duplication, in revision order.
   *
   * <p>The listener is called from a store thread and must not block. If the watcher's bounded
   * queue overflows, the watch is cancelled with {@link CancelReason#SLOW_CONSUMER}; the writer
   * never waits for a watcher.
   *
   * @throws CompactedException if {@code startRevision} is below the compact revision (the
   *     events after it can no longer all be replayed)
   */
  Watch watch(WatchRequest request, WatchListener listener);

  /**
   * Removes history at or below {@code revision}: superseded versions and deletes. The latest
   * live version of each key is kept. Subsequent reads and watches at or below the revision fail
   * with {@link CompactedException}. Never compacts above {@link #currentRevision()}.
   */
  void compact(long revision);

  /** Flushes and releases all resources; cancels all watches with {@link CancelReason#CLOSED}. */
  @Override
  void close();
}

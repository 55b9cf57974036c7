package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import dev.klite.store.Event;
import dev.klite.store.KeyValue;
import dev.klite.store.StorageFailureException;
import dev.klite.store.StoreException;
import dev.klite.store.WriteResult;
import dev.klite.store.watch.WatchHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Callers enqueue a write and wait; the sequencer thread drains everything
 * queued, decides each compare-and-swap in order against its own view (the committed state plus
 * the earlier writes of the same group), assigns consecutive revisions, commits the whole group
 * as one {@link WriteBatch} with one fsync (group commit), then updates the current revision,
 * publishes the events to the {@link WatchHub} and completes the callers. Durability therefore
 * costs one fsync per group, not per write.
 */
final class WriteSequencer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteSequencer.class);
  /** The most writes committed in one batch; bounds batch size and the latency of the first write. */
  static final int MAX_GROUP = 1024;

  enum Kind { CREATE, UPDATE, DELETE }

  private record Op(Kind kind, Bytes key, Bytes value, long expectedModRevision,
      CompletableFuture<WriteResult> result) {}

  private static final Op POISON = new Op(Kind.DELETE, Bytes.EMPTY, Bytes.EMPTY, 0, null);

  private final RocksResources resources;
  private final RocksDB db;
  private final ColumnFamilies cf;
  private final Revisions revisions;
  private final WatchHub hub;
  private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean stopped;
  /** Written by the sequencer thread only. */
  private volatile long committedGroups;

  WriteSequencer(RocksResources resources, Revisions revisions, WatchHub hub, String name) {
    this.resources = resources;
    this.db = resources.db();
    this.cf = resources.cf();
    this.revisions = revisions;
    this.hub = hub;
    this.thread = new Thread(this::run, name + "-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Enqueues a write and waits until it is committed (durable) or rejected. */
  WriteResult write(Kind kind, Bytes key, Bytes value, long expectedModRevision) {
    CompletableFuture<WriteResult> result = new CompletableFuture<>();
    if (stopped) {
      throw new StoreException("store is closed");
    }
    queue.add(new Op(kind, key, value, expectedModRevision, result));
    if (stopped) {
      // close() may have drained the queue just before our add; fail rather than wait forever.
      failPending(new StoreException("store is closed"));
    }
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StoreException se) {
        throw se;
      }
      throw new StorageFailureException(kind + " " + key, e.getCause());
    }
  }

  /** How many WriteBatches have been committed (each with one fsync when syncing). */
  long committedGroups() { // visible for testing
    return committedGroups;
  }

  private void run() {
    List<Op> group = new ArrayList<>();
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      boolean poisoned = group.removeIf(op -> op == POISON);
      if (!group.isEmpty()) {
        commitGroup(group);
      }
      group.clear();
      if (poisoned) {
        return;
      }
    }
  }

  private void commitGroup(List<Op> group) {
    long rev = revisions.current;
    Map<Bytes, KeyValue> view = new HashMap<>();
    List<Event> events = new ArrayList<>(group.size());
    List<WriteResult> results = new ArrayList<>(group.size());
    try (WriteBatch batch = new WriteBatch()) {
      for (Op op : group) {
        KeyValue existing = view.containsKey(op.key()) ? view.get(op.key()) : readCurrent(op.key());
        WriteResult result = decide(op, existing, rev + 1);
        results.add(result);
        if (result instanceof WriteResult.Applied) {
          rev++;
          Event event = eventFor(op, existing, ((WriteResult.Applied) result).kv());
          append(batch, event);
          events.add(event);
          view.put(op.key(), event.type() == Event.Type.DELETE ? null : event.kv());
        }
      }
      if (!events.isEmpty()) {
        batch.put(cf.meta(), ColumnFamilies.Meta.CURRENT_REVISION, RevisionCodec.encode(rev));
        db.write(resources.commitOptions(), batch);
      }
    } catch (RocksDBException | RuntimeException e) {
      log.error("Committing a group of {} writes after revision {} failed", group.size(), revisions.current, e);
      StorageFailureException failure = new StorageFailureException("committing writes", e);
      group.forEach(op -> op.result().completeExceptionally(failure));
      return;
    }
    revisions.current = rev;
    if (!events.isEmpty()) {
      committedGroups++;
    }
    try {
      hub.publish(events);
    } catch (RuntimeException e) {
      // The writes are committed: acknowledge them even if fan-out failed.
      log.error("Publishing revisions up to {} to watchers failed", rev, e);
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).result().complete(results.get(i));
    }
  }

  private KeyValue readCurrent(Bytes key) throws RocksDBException {
    byte[] bytes = db.get(cf.current(), key.unsafeArray());
    return bytes == null ? null : RecordCodec.decodeCurrent(key, bytes);
  }

  /** The compare-and-swap decision; {@code rev} is the revision the write would get. */
  private static WriteResult decide(Op op, KeyValue existing, long rev) {
    if (op.kind() == Kind.CREATE) {
      return existing != null
          ? new WriteResult.Conflict(existing)
          : new WriteResult.Applied(new KeyValue(op.key(), op.value(), rev, rev, 1));
    }
    if (existing == null) {
      return new WriteResult.Missing();
    }
    if (op.expectedModRevision() != 0 && existing.modRevision() != op.expectedModRevision()) {
      return new WriteResult.Conflict(existing);
    }
    if (op.kind() == Kind.UPDATE) {
      return new WriteResult.Applied(
          new KeyValue(op.key(), op.value(), existing.createRevision(), rev, existing.version() + 1));
    }
    // etcd reports a delete with the deleted kv stamped with the deleting revision.
    return new WriteResult.Applied(
        new KeyValue(op.key(), existing.value(), existing.createRevision(), rev, existing.version()));
  }

  private static Event eventFor(Op op, KeyValue existing, KeyValue applied) {
    if (op.kind() == Kind.DELETE) {
      // etcd's tombstone kv carries only the key and the deleting revision.
      return new Event(Event.Type.DELETE,
          new KeyValue(op.key(), Bytes.EMPTY, 0, applied.modRevision(), 0), existing);
    }
    return new Event(Event.Type.PUT, applied, existing);
  }

  /** One write's entries in all column families. */
  private void append(WriteBatch batch, Event event) throws RocksDBException {
    long rev = event.revision();
    Bytes key = event.kv().key();
    boolean delete = event.type() == Event.Type.DELETE;
    batch.put(cf.log(), RevisionCodec.encode(rev), RecordCodec.encodeEvent(event));
    batch.put(cf.keys(), KeyCodec.versionKey(key, rev),
        delete ? RecordCodec.TOMBSTONE_MARKER : RecordCodec.PUT_MARKER);
    if (delete) {
      batch.delete(cf.current(), key.unsafeArray());
    } else {
      batch.put(cf.current(), key.unsafeArray(), RecordCodec.encodeCurrent(event.kv()));
    }
  }

  /**
   * Commits what is already queued, then stops the thread. Writes arriving afterwards fail with
   * {@link StoreException}.
   */
  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    queue.add(POISON);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failPending(new StoreException("store is closed"));
  }

  private void failPending(StoreException failure) {
    if (thread.isAlive()) {
      return;
    }
    Op op;
    while ((op = queue.poll()) != null) {
      if (op != POISON) {
        op.result().completeExceptionally(failure);
      }
    }
  }
}

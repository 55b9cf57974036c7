package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import dev.klite.store.CompactedException;
import dev.klite.store.KeyValue;
import dev.klite.store.KvStore;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import dev.klite.store.StorageFailureException;
import dev.klite.store.StoreException;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import dev.klite.store.WatchRequest;
import dev.klite.store.WriteResult;
import dev.klite.store.watch.WatchHub;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KvStore} on RocksDB (style guide C.2/C.4). Writes go through the single
 * {@link WriteSequencer} (group commit, one WriteBatch per group, WAL on); reads through
 * {@link RocksReader} on snapshots; watches through a {@link WatchHub} that replays the
 * {@code log} column family; old history is removed by {@link HistoryCompaction}, driven by
 * {@link #compact} and, when enabled, the background {@link Compactor}.
 *
 * <p>Lifecycle: every public operation holds the read side of a lifecycle lock while it runs;
 * {@link #close} takes the write side to refuse new operations and wait for running ones, then
 * stops, in order, the compactor, the writer and the watch hub (which delivers
 * {@link dev.klite.store.CancelReason#CLOSED}), and finally releases the native resources. Nothing
 * touches the database after it is closed.
 */
public final class RocksKvStore implements KvStore {
  private static final Logger log = LoggerFactory.getLogger(RocksKvStore.class);

  private final Path dir;
  private final RocksResources resources;
  private final Revisions revisions;
  private final RocksReader reader;
  private final HistoryCompaction compaction;
  private final WatchHub hub;
  private final WriteSequencer sequencer;
  private final Compactor compactor;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksKvStore(Path dir, RocksResources resources, RocksKvStoreOptions options) throws RocksDBException {
    this.dir = dir;
    this.resources = resources;
    RocksDB db = resources.db();
    ColumnFamilies cf = resources.cf();
    checkSchema(db, cf);
    long current = readMeta(db, cf, ColumnFamilies.Meta.CURRENT_REVISION);
    long compact = readMeta(db, cf, ColumnFamilies.Meta.COMPACT_REVISION);
    long compactedUpTo = readMeta(db, cf, ColumnFamilies.Meta.COMPACTED_UP_TO);
    this.revisions = new Revisions(current, compact);
    this.reader = new RocksReader(resources, revisions);
    this.compaction = new HistoryCompaction(resources, revisions, compactedUpTo);
    if (compactedUpTo < compact) {
      log.info("Resuming an interrupted compaction from revision {} to {}", compactedUpTo, compact);
      compaction.compact(compact);
    }
    String name = "klite-store";
    this.hub = new WatchHub(name, reader, current, options.progressInterval());
    this.sequencer = new WriteSequencer(resources, revisions, hub, name);
    if (options.minRetention() != null) {
      this.compactor = new Compactor(() -> revisions.current, compaction::compact,
          options.minRetention(), Clock.systemUTC());
      this.compactor.start(options.effectiveCompactionInterval());
    } else {
      this.compactor = null;
    }
    log.info("Opened store at {}: revision {}, compact revision {}", dir, current, compact);
  }

  /**
   * Opens (creating if needed) the store in {@code dir}. It continues at the revision it had when
   * last closed (or killed: every acknowledged write is durable when {@code options.sync()}).
   *
   * @throws StorageFailureException if RocksDB cannot open the directory or the schema is unknown
   */
  public static RocksKvStore open(Path dir, RocksKvStoreOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    RocksResources resources = RocksResources.open(dir, options.sync());
    try {
      return new RocksKvStore(dir, resources, options);
    } catch (RocksDBException | RuntimeException e) {
      resources.close();
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StorageFailureException("opening store at " + dir, e);
    }
  }

  @Override
  public long currentRevision() {
    return revisions.current;
  }

  @Override
  public long compactRevision() {
    return revisions.compact;
  }

  @Override
  public Optional<KeyValue> get(Bytes key, long atRevision) {
    Objects.requireNonNull(key, "key");
    return guarded(() -> reader.get(key, atRevision));
  }

  @Override
  public RangeResult range(RangeRequest request) {
    Objects.requireNonNull(request, "request");
    return guarded(() -> reader.range(request));
  }

  @Override
  public WriteResult create(Bytes key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Bytes copy = Bytes.of(Objects.requireNonNull(value, "value"));
    return traced("create", key, 0, guarded(() -> sequencer.write(WriteSequencer.Kind.CREATE, key, copy, 0)));
  }

  @Override
  public WriteResult update(Bytes key, byte[] value, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    Bytes copy = Bytes.of(Objects.requireNonNull(value, "value"));
    return traced("update", key, expectedModRevision,
        guarded(() -> sequencer.write(WriteSequencer.Kind.UPDATE, key, copy, expectedModRevision)));
  }

  @Override
  public WriteResult delete(Bytes key, long expectedModRevision) {
    Objects.requireNonNull(key, "key");
    return traced("delete", key, expectedModRevision,
        guarded(() -> sequencer.write(WriteSequencer.Kind.DELETE, key, Bytes.EMPTY, expectedModRevision)));
  }

  @Override
  public Watch watch(WatchRequest request, WatchListener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    return guarded(() -> {
      long compact = revisions.compact;
      if (request.startRevision() != 0 && request.startRevision() < compact) {
        throw new CompactedException(request.startRevision(), compact, revisions.current);
      }
      log.debug("WATCH prefix={} from={} capacity={} progress={}", request.prefix(),
          request.startRevision(), request.queueCapacity(), request.progressNotify());
      return hub.watch(request, listener);
    });
  }

  @Override
  public void compact(long revision) {
    guarded(() -> {
      compaction.compact(revision);
      return null;
    });
  }

  /** The number of active watches (for tests and metrics). */
  public int watchCount() {
    return hub.watcherCount();
  }

  long committedGroups() { // visible for testing
    return sequencer.committedGroups();
  }

  RocksResources resources() { // visible for testing
    return resources;
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    if (compactor != null) {
      compactor.close();
    }
    sequencer.close();
    hub.close();
    resources.close();
    log.info("Closed store at {} at revision {}", dir, revisions.current);
  }

  /** One TRACE line per write with its inputs and outcome, as kine logs every operation. */
  private static WriteResult traced(String verb, Bytes key, long expected, WriteResult result) {
    if (log.isTraceEnabled()) {
      log.trace("{} {} expectedModRevision={} -> {}", verb, key, expected, describe(result));
    }
    return result;
  }

  private static String describe(WriteResult result) {
    if (result instanceof WriteResult.Applied a) {
      return "applied at " + a.kv().modRevision();
    }
    if (result instanceof WriteResult.Conflict c) {
      return "conflict with " + c.current().modRevision();
    }
    return "missing";
  }

  private <T> T guarded(Supplier<T> operation) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException("store is closed");
      }
      return operation.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static void checkSchema(RocksDB db, ColumnFamilies cf) throws RocksDBException {
    byte[] schema = db.get(cf.meta(), ColumnFamilies.Meta.SCHEMA_VERSION);
    if (schema == null) {
      db.put(cf.meta(), ColumnFamilies.Meta.SCHEMA_VERSION, RevisionCodec.encode(ColumnFamilies.Meta.SCHEMA));
    } else if (RevisionCodec.decode(schema) != ColumnFamilies.Meta.SCHEMA) {
      throw new StoreException("unsupported store schema version " + RevisionCodec.decode(schema)
          + " (this build reads version " + ColumnFamilies.Meta.SCHEMA + ")");
    }
  }

  private static long readMeta(RocksDB db, ColumnFamilies cf, byte[] key) throws RocksDBException {
    byte[] value = db.get(cf.meta(), key);
    return value == null ? 0 : RevisionCodec.decode(value);
  }
}

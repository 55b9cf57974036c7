package dev.klite.store.rocksdb;

import dev.klite.store.StorageFailureException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every native RocksDB object of one store: created in {@link #open}, released in
 * {@link #close} in the reverse order of creation (Kafka Streams' {@code RocksDBStore.openDB} /
 * {@code close}): column family handles, then the DB, then the write options, DB options, column
 * family options, filter and cache. Nothing else closes these objects.
 */
final class RocksResources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RocksResources.class);
  private static final long BLOCK_CACHE_BYTES = 64L << 20;
  private static final double BLOOM_BITS_PER_KEY = 10;
  private static final long WRITE_BUFFER_BYTES = 32L << 20;

  private final Deque<RocksObject> owned;
  private final RocksDB db;
  private final ColumnFamilies cf;
  /** For the writer's batches: WAL on, fsync per batch unless the store was opened without sync. */
  private final WriteOptions commitOptions;
  /** For compaction's deletes: WAL on, no fsync (a lost delete is redone on the next open). */
  private final WriteOptions compactionOptions;
  private boolean closed;

  private RocksResources(Deque<RocksObject> owned, RocksDB db, ColumnFamilies cf,
      WriteOptions commitOptions, WriteOptions compactionOptions) {
    this.owned = owned;
    this.db = db;
    this.cf = cf;
    this.commitOptions = commitOptions;
    this.compactionOptions = compactionOptions;
  }

  static RocksResources open(Path dir, boolean sync) {
    RocksDB.loadLibrary();
    // Pushed in creation order; popped (closed) in reverse.
    Deque<RocksObject> owned = new ArrayDeque<>();
    try {
      Cache cache = push(owned, new LRUCache(BLOCK_CACHE_BYTES));
      Filter filter = push(owned, new BloomFilter(BLOOM_BITS_PER_KEY));
      ColumnFamilyOptions cfOptions = push(owned, new ColumnFamilyOptions()
          .setWriteBufferSize(WRITE_BUFFER_BYTES)
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setTableFormatConfig(new BlockBasedTableConfig()
              .setBlockCache(cache)
              .setFilterPolicy(filter)
              .setCacheIndexAndFilterBlocks(true)));
      DBOptions dbOptions = push(owned, new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setMaxBackgroundJobs(2));
      WriteOptions commit = push(owned, new WriteOptions().setSync(sync));
      WriteOptions compaction = push(owned, new WriteOptions().setSync(false));

      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
      for (String name : ColumnFamilies.NAMES) {
        descriptors.add(new ColumnFamilyDescriptor(ColumnFamilies.name(name), cfOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      push(owned, db);
      handles.forEach(h -> push(owned, h));
      ColumnFamilies cf = new ColumnFamilies(handles.get(1), handles.get(2), handles.get(3), handles.get(4));
      return new RocksResources(owned, db, cf, commit, compaction);
    } catch (RocksDBException | RuntimeException e) {
      closeAll(owned);
      throw new StorageFailureException("opening RocksDB at " + dir, e);
    }
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilies cf() {
    return cf;
  }

  WriteOptions commitOptions() {
    return commitOptions;
  }

  WriteOptions compactionOptions() {
    return compactionOptions;
  }

  /** Every native object, for leak checks in tests. */
  List<RocksObject> ownedObjects() { // visible for testing
    return List.copyOf(owned);
  }

  /** Syncs the WAL and releases everything. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      log.warn("Syncing the WAL on close failed", e);
    }
    closeAll(owned);
  }

  private static <T extends RocksObject> T push(Deque<RocksObject> owned, T object) {
    owned.push(object);
    return object;
  }

  /** Pops in reverse creation order: handles, DB, write options, DB options, CF options, filter, cache. */
  private static void closeAll(Deque<RocksObject> owned) {
    while (!owned.isEmpty()) {
      RocksObject o = owned.pop();
      if (o instanceof RocksDB db) {
        try {
          db.closeE();
        } catch (RocksDBException e) {
          log.warn("Closing RocksDB failed", e);
        }
      } else {
        o.close();
      }
    }
  }
}

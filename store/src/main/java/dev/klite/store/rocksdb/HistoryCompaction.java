package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import dev.klite.store.StorageFailureException;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes superseded history up to a compact revision, in small batches.
 *
 * <p>The compact revision is persisted and published first (etcd records the scheduled compact
 * revision before touching the backend, {@code server/storage/mvcc/kvstore_compaction.go}); only
 * then are entries deleted, so concurrent readers either see the new compact revision and fail
 * with CompactedException, or hold a snapshot taken before any delete. Which entries go follows
 * kine ({@code pkg/logstructured/sqllog/sql.go} compact): scanning the log records in
 * {@code (compactedUpTo, target]}, each record deletes the version it replaced (its
 * prevModRevision), and a delete record also removes itself. What remains at or below the target
 * is exactly the latest live version of each key. Progress is saved with each batch in
 * {@code meta}, so an interrupted compaction resumes on the next open.
 */
final class HistoryCompaction {
  private static final Logger log = LoggerFactory.getLogger(HistoryCompaction.class);
  /** Log records examined per WriteBatch: keeps each batch small so writers are never held up. */
  static final int BATCH_REVISIONS = 1000;

  private final RocksResources resources;
  private final RocksDB db;
  private final ColumnFamilies cf;
  private final Revisions revisions;
  /** Guarded by this: the highest revision whose superseded history has been deleted. */
  private long compactedUpTo;

  HistoryCompaction(RocksResources resources, Revisions revisions, long compactedUpTo) {
    this.resources = resources;
    this.db = resources.db();
    this.cf = resources.cf();
    this.revisions = revisions;
    this.compactedUpTo = compactedUpTo;
  }

  /**
   * Compacts up to {@code requested}, clamped to the current revision; no-op if not above the
   * current compact revision. Finishes an interrupted earlier compaction first.
   */
  synchronized void compact(long requested) {
    long target = Math.min(requested, revisions.current);
    try {
      if (target > revisions.compact) {
        db.put(cf.meta(), resources.commitOptions(), ColumnFamilies.Meta.COMPACT_REVISION,
            RevisionCodec.encode(target));
        revisions.compact = target;
      }
      long from = compactedUpTo;
      long to = revisions.compact;
      if (to > from) {
        long deleted = deleteSuperseded(from, to);
        log.info("Compacted revisions {}..{}: removed {} superseded versions", from + 1, to, deleted);
      }
    } catch (RocksDBException e) {
      throw new StorageFailureException("compacting to revision " + target, e);
    }
  }

  private long deleteSuperseded(long from, long to) throws RocksDBException {
    long deleted = 0;
    try (RocksIterator it = db.newIterator(cf.log())) {
      it.seek(RevisionCodec.encode(from + 1));
      // Stop between batches when the store is closing (the compactor is interrupted); the saved
      // progress lets the next compaction, or the next open, finish the job.
      while (compactedUpTo < to && !Thread.currentThread().isInterrupted()) {
        long batchEnd = Math.min(to, compactedUpTo + BATCH_REVISIONS);
        try (WriteBatch batch = new WriteBatch()) {
          for (; it.isValid(); it.next()) {
            long rev = RevisionCodec.decode(it.key());
            if (rev > batchEnd) {
              break;
            }
            byte[] record = it.value();
            Bytes key = RecordCodec.key(record);
            long prev = RecordCodec.prevModRevision(record);
            if (prev != 0) {
              deleteVersion(batch, key, prev);
              deleted++;
            }
            if (RecordCodec.isDelete(record)) {
              deleteVersion(batch, key, rev);
              deleted++;
            }
          }
          it.status();
          batch.put(cf.meta(), ColumnFamilies.Meta.COMPACTED_UP_TO, RevisionCodec.encode(batchEnd));
          db.write(resources.compactionOptions(), batch);
        }
        compactedUpTo = batchEnd;
      }
    }
    return deleted;
  }

  private void deleteVersion(WriteBatch batch, Bytes key, long rev) throws RocksDBException {
    batch.delete(cf.log(), RevisionCodec.encode(rev));
    batch.delete(cf.keys(), KeyCodec.versionKey(key, rev));
  }
}

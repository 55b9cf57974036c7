package dev.klite.store.rocksdb;

import dev.klite.store.Bytes;
import dev.klite.store.CompactedException;
import dev.klite.store.Event;
import dev.klite.store.FutureRevisionException;
import dev.klite.store.KeyValue;
import dev.klite.store.RangeRequest;
import dev.klite.store.RangeResult;
import dev.klite.store.StorageFailureException;
import dev.klite.store.watch.EventHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * The read paths. Every multi-step read runs on one RocksDB snapshot (or one iterator, which reads
 * an implicit snapshot taken at its creation), and checks the compact revision only <em>after</em>
 * taking it: compaction publishes its revision before deleting anything, so the check passing
 * means the snapshot still holds the history the read needs. Iterators are always closed in
 * try-with-resources.
 */
final class RocksReader implements EventHistory {
  private final RocksDB db;
  private final ColumnFamilies cf;
  private final Revisions revisions;

  RocksReader(RocksResources resources, Revisions revisions) {
    this.db = resources.db();
    this.cf = resources.cf();
    this.revisions = revisions;
  }

  Optional<KeyValue> get(Bytes key, long atRevision) {
    try {
      if (atRevision == 0) {
        byte[] current = db.get(cf.current(), key.unsafeArray());
        return current == null ? Optional.empty() : Optional.of(RecordCodec.decodeCurrent(key, current));
      }
      try (View view = new View()) {
        long rev = view.resolve(atRevision);
        if (rev == view.revision) {
          byte[] current = db.get(cf.current(), view.options, key.unsafeArray());
          return current == null ? Optional.empty() : Optional.of(RecordCodec.decodeCurrent(key, current));
        }
        try (RocksIterator it = db.newIterator(cf.keys(), view.options)) {
          it.seekForPrev(KeyCodec.versionKey(key, rev));
          if (!it.isValid() || !KeyCodec.isVersionOf(it.key(), KeyCodec.lowerBound(key))) {
            it.status();
            return Optional.empty();
          }
          if (it.value()[0] == RecordCodec.TOMBSTONE_MARKER[0]) {
            return Optional.empty();
          }
          return Optional.of(readVersion(view.options, KeyCodec.revision(it.key())));
        }
      }
    } catch (RocksDBException e) {
      throw new StorageFailureException("get " + key + " at revision " + atRevision, e);
    }
  }

  RangeResult range(RangeRequest request) {
    try (View view = new View()) {
      long rev = view.resolve(request.atRevision());
      if (request.end().length() > 0 && request.start().compareTo(request.end()) >= 0) {
        return new RangeResult(List.of(), rev, false, 0);
      }
      return rev == view.revision ? rangeCurrent(view, request) : rangeHistory(view, request, rev);
    } catch (RocksDBException e) {
      throw new StorageFailureException("range [" + request.start() + ", " + request.end() + ")", e);
    }
  }

  /**
   * The hot path: one sequential scan of {@code current}. The range end is an iterator upper
   * bound, so counting the keys past the limit costs only {@code next}/{@code isValid} per key.
   */
  private RangeResult rangeCurrent(View view, RangeRequest request) throws RocksDBException {
    List<KeyValue> kvs = new ArrayList<>();
    long count = 0;
    try (Slice upper = request.end().length() == 0 ? null : new Slice(request.end().unsafeArray());
         ReadOptions options = new ReadOptions().setSnapshot(view.snapshot)) {
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      try (RocksIterator it = db.newIterator(cf.current(), options)) {
        for (it.seek(request.start().unsafeArray()); it.isValid(); it.next()) {
          count++;
          if (wants(request, kvs)) {
            kvs.add(RecordCodec.decodeCurrent(Bytes.wrap(it.key()), it.value()));
          }
        }
        it.status();
      }
    }
    return new RangeResult(kvs, view.revision, !request.countOnly() && count > kvs.size(), count);
  }

  /**
   * A read at a past revision: scan every retained version of the keys in range (they sort by key,
   * then revision) and keep, per key, the last one at or below {@code rev}.
   */
  private RangeResult rangeHistory(View view, RangeRequest request, long rev) throws RocksDBException {
    byte[] end = request.end().length() == 0 ? null : KeyCodec.lowerBound(request.end());
    List<Long> liveRevisions = new ArrayList<>();
    long count = 0;
    try (RocksIterator it = db.newIterator(cf.keys(), view.options)) {
      byte[] groupBound = null;
      long groupRev = 0;
      boolean groupLive = false;
      for (it.seek(KeyCodec.lowerBound(request.start())); ; it.next()) {
        byte[] entry = it.isValid() ? it.key() : null;
        boolean inRange = entry != null && (end == null || Arrays.compareUnsigned(entry, end) < 0);
        boolean sameGroup = inRange && groupBound != null && KeyCodec.isVersionOf(entry, groupBound);
        if (!sameGroup && groupBound != null) {
          if (groupLive) {
            count++;
            if (wants(request, liveRevisions)) {
              liveRevisions.add(groupRev);
            }
          }
          groupBound = null;
        }
        if (!inRange) {
          break;
        }
        if (groupBound == null) {
          groupBound = Arrays.copyOf(entry, entry.length - RevisionCodec.LENGTH);
          groupRev = 0;
          groupLive = false;
        }
        long entryRev = KeyCodec.revision(entry);
        if (entryRev <= rev) {
          groupRev = entryRev;
          groupLive = it.value()[0] == RecordCodec.PUT_MARKER[0];
        }
      }
      it.status();
    }
    return new RangeResult(readVersions(view.options, liveRevisions), rev,
        !request.countOnly() && count > liveRevisions.size(), count);
  }

  /** The kvs written at the given revisions, with one multiGet on {@code log}. */
  private List<KeyValue> readVersions(ReadOptions options, List<Long> revs) throws RocksDBException {
    if (revs.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(revs.size());
    List<ColumnFamilyHandle> families = new ArrayList<>(revs.size());
    for (long r : revs) {
      keys.add(RevisionCodec.encode(r));
      families.add(cf.log());
    }
    List<byte[]> records = db.multiGetAsList(options, families, keys);
    List<KeyValue> kvs = new ArrayList<>(revs.size());
    for (int i = 0; i < revs.size(); i++) {
      kvs.add(decodeVersion(revs.get(i), records.get(i)));
    }
    return kvs;
  }

  /** The events in {@code (afterRevision, upToRevision]} with the prefix, for watch replay. */
  @Override
  public List<Event> read(long afterRevision, long upToRevision, Bytes prefix) {
    List<Event> events = new ArrayList<>();
    try (RocksIterator it = db.newIterator(cf.log())) {
      long compact = revisions.compact;
      if (afterRevision < compact) {
        throw new CompactedException(afterRevision, compact, revisions.current);
      }
      for (it.seek(RevisionCodec.encode(afterRevision + 1)); it.isValid(); it.next()) {
        long rev = RevisionCodec.decode(it.key());
        if (rev > upToRevision) {
          break;
        }
        byte[] record = it.value();
        if (RecordCodec.keyStartsWith(record, prefix)) {
          events.add(RecordCodec.decodeEvent(rev, record));
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw new StorageFailureException("reading events after revision " + afterRevision, e);
    }
    return events;
  }

  private KeyValue readVersion(ReadOptions options, long rev) throws RocksDBException {
    return decodeVersion(rev, db.get(cf.log(), options, RevisionCodec.encode(rev)));
  }

  private static KeyValue decodeVersion(long rev, byte[] record) {
    if (record == null) {
      throw new StorageFailureException("reading revision " + rev,
          new IllegalStateException("log entry missing for a retained version"));
    }
    return RecordCodec.decodeEvent(rev, record).kv();
  }

  private static boolean wants(RangeRequest request, List<?> collected) {
    return !request.countOnly() && (request.limit() == 0 || collected.size() < request.limit());
  }

  /** A snapshot plus the revision it was taken at (read from {@code meta} inside the snapshot). */
  private final class View implements AutoCloseable {
    final Snapshot snapshot;
    final ReadOptions options;
    final long revision;

    View() throws RocksDBException {
      snapshot = db.getSnapshot();
      options = new ReadOptions().setSnapshot(snapshot);
      try {
        byte[] current = db.get(cf.meta(), options, ColumnFamilies.Meta.CURRENT_REVISION);
        revision = current == null ? 0 : RevisionCodec.decode(current);
      } catch (RocksDBException | RuntimeException e) {
        close();
        throw e;
      }
    }

    /** Maps 0 to the snapshot's revision; rejects future and compacted revisions. */
    long resolve(long atRevision) {
      if (atRevision == 0) {
        return revision;
      }
      if (atRevision > revision) {
        throw new FutureRevisionException(atRevision, revision);
      }
      long compact = revisions.compact;
      if (atRevision <= compact) {
        throw new CompactedException(atRevision, compact, revision);
      }
      return atRevision;
    }

    @Override
    public void close() {
      options.close();
      db.releaseSnapshot(snapshot);
      snapshot.close();
    }
  }
}

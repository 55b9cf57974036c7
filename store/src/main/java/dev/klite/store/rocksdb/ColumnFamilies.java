package dev.klite.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;

/**
 * The column families of a store and their handles (style guide C.4). Handles are owned by
 * {@link RocksResources}, which closes them.
 *
 * @param log BE(revision) -> the event written at that revision ({@link RecordCodec})
 * @param keys key||0x00||BE(revision) -> put or tombstone marker ({@link KeyCodec}), for reads at
 *     a past revision
 * @param current key -> the live version (create, mod, version, value): the fast path for reads
 *     at the current revision, kept in the same WriteBatch as the others
 * @param meta current revision, compact revision, compaction progress, schema version
 */
record ColumnFamilies(ColumnFamilyHandle log, ColumnFamilyHandle keys, ColumnFamilyHandle current,
    ColumnFamilyHandle meta) {
  static final String LOG = "log";
  static final String KEYS = "keys";
  static final String CURRENT = "current";
  static final String META = "meta";
  /** The order in which the families are opened (after RocksDB's mandatory "default"). */
  static final List<String> NAMES = List.of(LOG, KEYS, CURRENT, META);

  static byte[] name(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  /** Keys of the {@code meta} column family. */
  static final class Meta {
    static final byte[] CURRENT_REVISION = name("current-revision");
    static final byte[] COMPACT_REVISION = name("compact-revision");
    /** The highest revision whose superseded history has been deleted (etcd's finished compact). */
    static final byte[] COMPACTED_UP_TO = name("compacted-up-to");
    static final byte[] SCHEMA_VERSION = name("schema-version");
    static final long SCHEMA = 1;

    private Meta() {}
  }
}

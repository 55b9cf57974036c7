package dev.klite.store.rocksdb;

import java.time.Duration;

/**
 * How a {@link RocksKvStore} is opened.
 *
 * @param sync fsync the WAL for every (group) commit; writes return only once durable
 * @param minRetention history younger than this is never compacted; null disables background
 *     compaction ({@link RocksKvStore#compact} still works)
 * @param compactionInterval how often the background compactor samples the revision and
 *     compacts; null means a tenth of {@code minRetention}, at most one minute
 * @param progressInterval how often idle watchers that asked for progress notifications get one
 */
public record RocksKvStoreOptions(boolean sync, Duration minRetention, Duration compactionInterval,
    Duration progressInterval) {
  private static final Duration MAX_COMPACTION_INTERVAL = Duration.ofMinutes(1);

  public RocksKvStoreOptions {
    if (progressInterval == null || progressInterval.isNegative() || progressInterval.isZero()) {
      throw new IllegalArgumentException("progressInterval must be positive");
    }
    if (minRetention != null && minRetention.isNegative()) {
      throw new IllegalArgumentException("minRetention must not be negative");
    }
  }

  /** Durable writes, 5 minutes of history (the API server's default compaction interval), 1 s progress. */
  public static RocksKvStoreOptions defaults() {
    return new RocksKvStoreOptions(true, Duration.ofMinutes(5), null, Duration.ofSeconds(1));
  }

  public RocksKvStoreOptions withSync(boolean newSync) {
    return new RocksKvStoreOptions(newSync, minRetention, compactionInterval, progressInterval);
  }

  public RocksKvStoreOptions withMinRetention(Duration newMinRetention) {
    return new RocksKvStoreOptions(sync, newMinRetention, compactionInterval, progressInterval);
  }

  public RocksKvStoreOptions withCompactionInterval(Duration newInterval) {
    return new RocksKvStoreOptions(sync, minRetention, newInterval, progressInterval);
  }

  public RocksKvStoreOptions withProgressInterval(Duration newInterval) {
    return new RocksKvStoreOptions(sync, minRetention, compactionInterval, newInterval);
  }

  /** The compaction tick actually used. */
  Duration effectiveCompactionInterval() {
    if (compactionInterval != null) {
      return compactionInterval;
    }
    Duration tenth = minRetention.dividedBy(10);
    Duration atLeast = tenth.isZero() ? Duration.ofMillis(1) : tenth;
    return atLeast.compareTo(MAX_COMPACTION_INTERVAL) > 0 ? MAX_COMPACTION_INTERVAL : atLeast;
  }
}

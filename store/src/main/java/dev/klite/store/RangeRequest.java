package dev.klite.store;

import java.util.Objects;

/**
 * A range read of {@code [start, end)}.
 *
 * @param end exclusive; {@link Bytes#EMPTY} means no upper bound
 * @param limit at most this many kvs; 0 means no limit
 * @param atRevision read at this revision; 0 means current
 * @param countOnly when true, only {@link RangeResult#count()} is filled
 */
public record RangeRequest(Bytes start, Bytes end, int limit, long atRevision, boolean countOnly) {
  public RangeRequest {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (limit < 0) throw new IllegalArgumentException("limit < 0");
    if (atRevision < 0) throw new IllegalArgumentException("atRevision < 0");
  }

  /** All keys with the given prefix at the current revision. */
  public static RangeRequest prefix(Bytes prefix) {
    return new RangeRequest(prefix, prefix.prefixEnd(), 0, 0, false);
  }

  public RangeRequest withLimit(int newLimit) {
    return new RangeRequest(start, end, newLimit, atRevision, countOnly);
  }

  public RangeRequest atRevision(long revision) {
    return new RangeRequest(start, end, limit, revision, countOnly);
  }

  public RangeRequest from(Bytes newStart) {
    return new RangeRequest(newStart, end, limit, atRevision, countOnly);
  }
}

package dev.klite.store;

import java.util.List;

/**
 * @param kvs the kvs in key order (empty when count-only)
 * @param revision the revision the range was read at; pass it back for the next page
 * @param more whether keys beyond {@code limit} remain in the range
 * @param count the number of keys in the whole range at that revision (ignoring limit)
 */
public record RangeResult(List<KeyValue> kvs, long revision, boolean more, long count) {
  public RangeResult {
    kvs = List.copyOf(kvs);
  }
}

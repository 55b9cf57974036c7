package dev.klite.store;

import java.util.Objects;

/**
 * One version of a key.
 *
 * @param createRevision the revision that created this incarnation of the key
 * @param modRevision the revision of the write that produced this version
 * @param version 1 for a newly created key, incremented on each update
 * @param value the value; empty for a delete's kv
 */
public record KeyValue(Bytes key, Bytes value, long createRevision, long modRevision, long version) {
  public KeyValue {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}

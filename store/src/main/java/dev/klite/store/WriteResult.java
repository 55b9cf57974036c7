package dev.klite.store;

import java.util.Objects;

/** The outcome of a compare-and-swap write. Expected outcomes are values, not exceptions. */
public sealed interface WriteResult permits WriteResult.Applied, WriteResult.Conflict, WriteResult.Missing {

  /** The write was committed; {@code kv.modRevision()} is its revision. */
  record Applied(KeyValue kv) implements WriteResult {
    public Applied {
      Objects.requireNonNull(kv);
    }
  }

  /** The key exists (create) or its modRevision differs from the expected one (update/delete). */
  record Conflict(KeyValue current) implements WriteResult {
    public Conflict {
      Objects.requireNonNull(current);
    }
  }

  /** The key does not exist (update/delete). */
  record Missing() implements WriteResult {}

  default boolean applied() {
    return this instanceof Applied;
  }
}

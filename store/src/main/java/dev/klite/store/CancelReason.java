package dev.klite.store;

/** Why a watch ended. */
public enum CancelReason {
  /** The watcher closed its handle. */
  CLOSED_BY_WATCHER,
  /** The watcher's queue overflowed: it was too slow; re-watch from the last revision seen. */
  SLOW_CONSUMER,
  /** The events after the watcher's revision were compacted away before it caught up. */
  COMPACTED,
  /** The store was closed. */
  CLOSED
}

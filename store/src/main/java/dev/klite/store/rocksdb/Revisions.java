package dev.klite.store.rocksdb;

/**
 * The in-memory copies of the store's current and compact revisions, shared by the writer,
 * readers and compaction. {@code current} is written only by the {@link WriteSequencer} thread,
 * after the commit and before any write is acknowledged; {@code compact} only under the
 * compaction lock, before any history is deleted, so a reader that sees a compact revision below
 * its read revision (after taking its snapshot or iterator) reads intact history.
 */
final class Revisions {
  volatile long current;
  volatile long compact;

  Revisions(long current, long compact) {
    this.current = current;
    this.compact = compact;
  }
}

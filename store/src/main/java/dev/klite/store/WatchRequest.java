package dev.klite.store;

import java.util.Objects;

/**
 * @param prefix keys to watch ({@link Bytes#EMPTY} for all)
 * @param startRevision deliver events with revision strictly greater than this; 0 or the
 *     current revision means "from now on"
 * @param queueCapacity bounded queue size for this watcher; overflow cancels the watch
 * @param progressNotify when true the listener gets {@link WatchListener#onProgress(long)} calls
 *     when the store's revision advances without events for this watcher (used for bookmarks)
 */
public record WatchRequest(Bytes prefix, long startRevision, int queueCapacity, boolean progressNotify) {
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  public WatchRequest {
    Objects.requireNonNull(prefix, "prefix");
    if (startRevision < 0) throw new IllegalArgumentException("startRevision < 0");
    if (queueCapacity <= 0) throw new IllegalArgumentException("queueCapacity <= 0");
  }

  public static WatchRequest of(Bytes prefix, long startRevision) {
    return new WatchRequest(prefix, startRevision, DEFAULT_QUEUE_CAPACITY, false);
  }
}

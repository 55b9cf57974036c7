package dev.klite.store.watch;

import dev.klite.store.Bytes;
import dev.klite.store.CompactedException;
import dev.klite.store.Event;
import java.util.List;

/**
 * The committed event log a {@link WatchHub} replays from when a watcher starts behind the
 * live stream (etcd's "unsynced" watchers, {@code server/storage/mvcc/watchable_store.go}).
 */
public interface EventHistory {

  /**
   * The events with revision in {@code (afterRevision, upToRevision]} whose key starts with
   * {@code prefix}, in revision order. Called on the hub's dispatcher thread, never while the hub
   * holds its lock; {@code upToRevision} is never above the last revision published to the hub.
   *
   * @throws CompactedException if any event after {@code afterRevision} may have been compacted
   *     away (i.e. {@code afterRevision} is below the compact revision)
   */
  List<Event> read(long afterRevision, long upToRevision, Bytes prefix);
}

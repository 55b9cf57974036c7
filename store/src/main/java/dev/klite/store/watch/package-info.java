/**
 * Watch fan-out shared by the store implementations: {@link dev.klite.store.watch.WatchHub}
 * (synced/unsynced watchers, bounded queues, one dispatcher thread) and the
 * {@link dev.klite.store.watch.EventHistory} it replays from.
 */
package dev.klite.store.watch;

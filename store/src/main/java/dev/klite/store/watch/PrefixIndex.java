package dev.klite.store.watch;

import dev.klite.store.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the watchers interested in a key. We only watch prefixes and the number of distinct
 * prefixes is small (one per resource or namespace), so a map of prefix to watchers scanned
 * linearly is enough; etcd needs an interval tree ({@code server/storage/mvcc/watcher_group.go})
 * only because it supports arbitrary ranges. Not thread-safe: guarded by the hub's lock.
 */
final class PrefixIndex {
  private final Map<Bytes, Set<Watcher>> byPrefix = new HashMap<>();
  private Bytes[] prefixes = new Bytes[0];

  void add(Watcher watcher) {
    Set<Watcher> set = byPrefix.computeIfAbsent(watcher.prefix(), p -> new LinkedHashSet<>());
    if (set.add(watcher) && set.size() == 1) {
      refreshPrefixes();
    }
  }

  void remove(Watcher watcher) {
    Set<Watcher> set = byPrefix.get(watcher.prefix());
    if (set != null && set.remove(watcher) && set.isEmpty()) {
      byPrefix.remove(watcher.prefix());
      refreshPrefixes();
    }
  }

  /** Calls {@code sink} with every set of watchers whose prefix matches {@code key}. */
  void forEachMatch(Bytes key, Consumer<Set<Watcher>> sink) {
    for (Bytes prefix : prefixes) {
      if (key.startsWith(prefix)) {
        sink.accept(byPrefix.get(prefix));
      }
    }
  }

  List<Watcher> all() {
    List<Watcher> all = new ArrayList<>();
    byPrefix.values().forEach(all::addAll);
    return all;
  }

  int size() {
    int n = 0;
    for (Set<Watcher> set : byPrefix.values()) {
      n += set.size();
    }
    return n;
  }

  private void refreshPrefixes() {
    // Rebuilt on add/remove of a prefix (rare) so the per-event scan is over a plain array.
    prefixes = byPrefix.entrySet().stream()
        .map(Map.Entry::getKey)
        .toArray(Bytes[]::new);
  }
}

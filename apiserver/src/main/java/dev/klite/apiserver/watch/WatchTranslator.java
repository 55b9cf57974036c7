package dev.klite.apiserver.watch;

import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.StoredObjects;
import dev.klite.apiserver.selector.SelectionPredicate;
import dev.klite.store.Event;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a store {@link Event} into a Kubernetes watch event for one watcher's selector, as
 * staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go convertToWatchEvent: an object
 * that starts matching is ADDED, one that stops matching is DELETED (carrying its previous state
 * at the event's revision), a delete is DELETED with the last state at the delete revision.
 */
public final class WatchTranslator {
  /** One Kubernetes watch event. */
  public record WatchEvent(String type, ObjectNode object) {}

  private final SelectionPredicate predicate;

  public WatchTranslator(SelectionPredicate predicate) {
    this.predicate = predicate;
  }

  public Optional<WatchEvent> translate(Event event) {
    long revision = event.revision();
    ObjectNode prev = event.prevKv().map(StoredObjects::decode).orElse(null);
    boolean prevMatches = prev != null && predicate.matches(prev);
    if (event.type() == Event.Type.DELETE) {
      if (!prevMatches) return Optional.empty();
      ObjectMeta.of(prev).setResourceVersion(revision);
      return Optional.of(new WatchEvent("DELETED", prev));
    }
    ObjectNode cur = StoredObjects.decode(event.kv());
    boolean curMatches = predicate.matches(cur);
    if (curMatches && prevMatches) return Optional.of(new WatchEvent("MODIFIED", cur));
    if (curMatches) return Optional.of(new WatchEvent("ADDED", cur));
    if (prevMatches) {
      ObjectMeta.of(prev).setResourceVersion(revision);
      return Optional.of(new WatchEvent("DELETED", prev));
    }
    return Optional.empty();
  }
}

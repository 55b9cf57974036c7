package dev.klite.apiserver.watch;

import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.StoredObjects;
import dev.klite.apiserver.selector.SelectionPredicate;
import dev.klite.store.Event;
import dev.klite.store.KeyValue;
import java.util.function.Function;
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
  private final Function<KeyValue, ObjectNode> decoder;

  public WatchTranslator(SelectionPredicate predicate) {
    this(predicate, StoredObjects::decode);
  }

  /** @param decoder a stored kv as the object the watcher is served (see StoredObjects.decode(def, kv)) */
  public WatchTranslator(SelectionPredicate predicate, Function<KeyValue, ObjectNode> decoder) {
    this.predicate = predicate;
    this.decoder = decoder;
  }

  public Optional<WatchEvent> translate(Event event) {
    long revision = event.revision();
    ObjectNode prev = event.prevKv().map(decoder).orElse(null);
    boolean prevMatches = prev != null && predicate.matches(prev);
    if (event.type() == Event.Type.DELETE) {
      if (!prevMatches) return Optional.empty();
      ObjectMeta.of(prev).setResourceVersion(revision);
      return Optional.of(new WatchEvent("DELETED", prev));
    }
    ObjectNode cur = decoder.apply(event.kv());
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

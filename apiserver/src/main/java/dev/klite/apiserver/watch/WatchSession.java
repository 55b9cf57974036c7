package dev.klite.apiserver.watch;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.Statuses;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.registry.StoredObjects;
import dev.klite.apiserver.storage.AsyncKvStore;
import dev.klite.apiserver.storage.KeyScheme;
import dev.klite.store.Bytes;
import dev.klite.store.CancelReason;
import dev.klite.store.Event;
import dev.klite.store.Watch;
import dev.klite.store.WatchListener;
import dev.klite.store.WatchRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One watch stream: optional synthetic ADDED events for the current objects (resourceVersion
 * absent or 0), then the store's events after the start revision, translated per selector.
 * Store callbacks are moved onto the request's context; everything else runs there. The stream
 * ends on {@code timeoutSeconds}, client close, a store cancel (slow consumer, shutdown; a
 * compaction first sends an ERROR event with a 410 Expired Status) or a blocked watcher.
 *
 * <p>A blocked watcher is handled as the cacher handles one (cache_watcher.go add/nonblockingAdd):
 * once the response refuses more (its write queue is full), live events wait in a buffer of
 * {@link WatchSettings#eventBuffer()} events instead of piling up in the connection; an event that
 * finds the buffer full starts the {@link WatchSettings#slowWriteBudget()}, and a watcher whose
 * buffer has not gone back below that size when the budget runs out is ended and its buffered
 * events dropped (the client re-watches from its last resourceVersion). Initial events are not
 * subject to the budget, as upstream sends them from the watcher itself.
 */
public final class WatchSession {
  private static final Logger log = LoggerFactory.getLogger(WatchSession.class);

  private final Vertx vertx;
  private final Context context;
  private final AsyncKvStore kv;
  private final ResourceDefinition def;
  private final ListOptions options;
  private final WatchSink sink;
  private final WatchEncoder encoder;
  private final WatchSettings settings;
  private final WatchTranslator translator;
  private final List<Runnable> beforeStart = new ArrayList<>();
  private final ArrayDeque<Buffer> buffered = new ArrayDeque<>();
  private final Runnable onTerminated;
  private boolean blocked;
  private boolean started;
  private boolean ended;
  private Watch watch;
  private long timeoutTimer = -1;
  private long slowTimer = -1;
  private long lastBookmarkNanos;
  private long lastRevision;

  private WatchSession(Registry registry, ResourceDefinition def, ListOptions options, WatchSink sink,
      WatchEncoder encoder, WatchSettings settings, Runnable onTerminated) {
    this.onTerminated = onTerminated;
    this.context = Vertx.currentContext();
    this.vertx = context.owner();
    this.kv = registry.store();
    this.def = def;
    this.options = options;
    this.sink = sink;
    this.encoder = encoder;
    this.settings = settings;
    this.translator = new WatchTranslator(options.predicate(), kv -> StoredObjects.decode(def, kv));
    this.lastBookmarkNanos = System.nanoTime();
  }

  /**
   * Starts a watch. The returned future fails (before anything is written to the sink) when the
   * start revision is compacted (410) or the options are invalid; on success the sink is open.
   * Must be called on a Vert.x context.
   */
  public static Future<WatchSession> start(Registry registry, ResourceDefinition def, String namespace,
      ListOptions options, WatchSink sink, WatchEncoder encoder, WatchSettings settings) {
    return start(registry, def, namespace, options, sink, encoder, settings, () -> { });
  }

  /**
   * Like {@link #start(Registry, ResourceDefinition, String, ListOptions, WatchSink, WatchEncoder, WatchSettings)};
   * {@code onTerminated} runs (on the request's context) when the watch is ended for being blocked.
   */
  public static Future<WatchSession> start(Registry registry, ResourceDefinition def, String namespace,
      ListOptions options, WatchSink sink, WatchEncoder encoder, WatchSettings settings, Runnable onTerminated) {
    WatchSession session = new WatchSession(registry, def, options, sink, encoder, settings, onTerminated);
    return session.begin(registry, namespace).map(v -> session);
  }

  private Future<Void> begin(Registry registry, String namespace) {
    String rv = options.resourceVersion() == null ? "" : options.resourceVersion();
    Future<List<ObjectNode>> initial;
    Future<Long> startRevision;
    Boolean sendInitialEvents = options.sendInitialEvents();
    // Without sendInitialEvents, "" and "0" mean "current state as ADDED events, then changes";
    // with it, the request says so explicitly (watch-list, KEP-3157).
    boolean initialEvents = sendInitialEvents != null ? sendInitialEvents : rv.isEmpty() || rv.equals("0");
    if (!initialEvents && (rv.isEmpty() || rv.equals("0"))) {
      initial = Future.succeededFuture(List.of());
      startRevision = kv.call(store -> store.currentRevision());
    } else if (initialEvents) {
      ListOptions listAll = new ListOptions(options.predicate(), "", "", 0, "", false, null);
      Future<dev.klite.apiserver.registry.ListResult> list = registry.list(def, namespace, listAll);
      initial = list.map(dev.klite.apiserver.registry.ListResult::items);
      startRevision = list.map(dev.klite.apiserver.registry.ListResult::revision);
    } else {
      long n;
      try {
        n = Long.parseLong(rv);
      } catch (NumberFormatException e) {
        return Future.failedFuture(ApiException.badRequest("resourceVersion: Invalid value: \"" + rv
            + "\": must be a non-negative integer"));
      }
      initial = Future.succeededFuture(List.of());
      startRevision = Future.succeededFuture(n);
    }
    Bytes prefix = Bytes.of(KeyScheme.collectionPrefix(def, namespace));
    return startRevision.compose(from -> kv.watch(
            new WatchRequest(prefix, from, settings.queueCapacity(), options.allowWatchBookmarks()), new Listener()))
        .compose(w -> {
          watch = w;
          lastRevision = startRevision.result();
          sink.onClosed(() -> finish(false));
          if (sink.isClosed()) {
            finish(false);
            return Future.<Void>succeededFuture();
          }
          sink.open();
          for (ObjectNode obj : initial.result()) sendInitial("ADDED", obj);
          if (Boolean.TRUE.equals(sendInitialEvents) && options.allowWatchBookmarks()) {
            sendInitial("BOOKMARK", initialEventsEnd(startRevision.result()));
          }
          started = true;
          beforeStart.forEach(Runnable::run);
          beforeStart.clear();
          if (options.timeoutSeconds() != null && options.timeoutSeconds() > 0) {
            timeoutTimer = vertx.setTimer(options.timeoutSeconds() * 1000, t -> finish(true));
          }
          return Future.<Void>succeededFuture();
        });
  }

  /** Ends the stream; {@code endSink} false when the client is already gone. Idempotent. */
  public void finish(boolean endSink) {
    if (ended) return;
    ended = true;
    if (timeoutTimer >= 0) vertx.cancelTimer(timeoutTimer);
    if (slowTimer >= 0) vertx.cancelTimer(slowTimer);
    buffered.clear();
    if (watch != null) {
      Watch w = watch;
      kv.call(store -> {
        w.close();
        return null;
      });
    }
    if (endSink) sink.end();
  }

  private void onContext(Runnable action) {
    context.runOnContext(v -> {
      if (ended) return;
      if (started) action.run();
      else beforeStart.add(action);
    });
  }

  private void onEvents(List<Event> events) {
    for (Event e : events) {
      if (ended) return;
      lastRevision = e.revision();
      translator.translate(e).ifPresent(we -> send(we.type(), we.object()));
    }
  }

  /**
   * The bookmark that ends the initial events of a watch-list: the revision they were read at and
   * the annotation {@code k8s.io/initial-events-end: "true"}
   * (staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go).
   */
  private ObjectNode initialEventsEnd(long revision) {
    ObjectNode bookmark = Json.object();
    bookmark.put("kind", def.kind());
    bookmark.put("apiVersion", def.apiVersion());
    ObjectNode meta = bookmark.putObject("metadata");
    meta.put("resourceVersion", Long.toString(revision));
    meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    return bookmark;
  }

  private void onProgress(long revision) {
    long now = System.nanoTime();
    if (now - lastBookmarkNanos < settings.bookmarkInterval().toNanos()) return;
    lastBookmarkNanos = now;
    ObjectNode bookmark = Json.object();
    bookmark.put("kind", def.kind());
    bookmark.put("apiVersion", def.apiVersion());
    bookmark.putObject("metadata").put("resourceVersion", Long.toString(revision));
    send("BOOKMARK", bookmark);
  }

  private void onCancelled(CancelReason reason) {
    // The store already ended this watch: nothing to close there (and on shutdown the pool is gone).
    watch = null;
    if (reason == CancelReason.COMPACTED) {
      // cache_watcher.go: a watcher that fell behind compaction gets a 410 in the stream;
      // fabric8's Reflector relists on exactly that.
      long from = lastRevision;
      kv.call(store -> store.compactRevision()).onComplete(ar -> {
        long compacted = ar.succeeded() ? ar.result() : from;
        sendInitial("ERROR", Statuses.failure(AsyncKvStore.tooOld(from, compacted)));
        finish(true);
      });
      return;
    } else if (reason == CancelReason.SLOW_CONSUMER) {
      log.warn("watch of {} ended: the client did not keep up", def.qualifiedResource());
    }
    finish(true);
  }

  /** An initial event (or the final ERROR): written even when the response is blocked (no budget applies). */
  private void sendInitial(String type, ObjectNode object) {
    if (ended) return;
    if (!sink.write(encoder.encode(type, object)) && !blocked) {
      blocked = true;
      sink.onDrain(this::drained);
    }
  }

  /** A live event: written, or buffered while the response is blocked (see the class comment). */
  private void send(String type, ObjectNode object) {
    if (ended) return;
    Buffer event = encoder.encode(type, object);
    if (!blocked) {
      if (!sink.write(event)) {
        blocked = true;
        sink.onDrain(this::drained);
      }
      return;
    }
    if (buffered.size() >= settings.eventBuffer() && slowTimer < 0) {
      slowTimer = vertx.setTimer(Math.max(1, settings.slowWriteBudget().toMillis()), t -> {
        slowTimer = -1;
        log.warn("watch of {} ended: the client did not take events for {}", def.qualifiedResource(),
            settings.slowWriteBudget());
        onTerminated.run();
        finish(true);
      });
    }
    buffered.add(event);
  }

  /** The response takes writes again: flush the buffer until it is blocked again. */
  private void drained() {
    if (ended) return;
    blocked = false;
    while (!buffered.isEmpty()) {
      if (!sink.write(buffered.poll())) {
        blocked = true;
        sink.onDrain(this::drained);
        break;
      }
    }
    if (buffered.size() < settings.eventBuffer() && slowTimer >= 0) {
      vertx.cancelTimer(slowTimer);
      slowTimer = -1;
    }
  }

  private final class Listener implements WatchListener {
    @Override
    public void onEvents(List<Event> events) {
      onContext(() -> WatchSession.this.onEvents(events));
    }

    @Override
    public void onProgress(long revision) {
      if (options.allowWatchBookmarks()) onContext(() -> WatchSession.this.onProgress(revision));
    }

    @Override
    public void onCancelled(CancelReason reason) {
      onContext(() -> WatchSession.this.onCancelled(reason));
    }
  }
}

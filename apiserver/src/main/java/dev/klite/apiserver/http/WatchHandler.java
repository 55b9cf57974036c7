package dev.klite.apiserver.http;

import dev.klite.apiserver.metrics.ApiMetrics;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.watch.WatchEncoder;
import dev.klite.apiserver.watch.WatchSession;
import dev.klite.apiserver.watch.WatchSettings;
import dev.klite.apiserver.watch.WatchSink;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves {@code ?watch=true}: a chunked HTTP stream of newline-terminated JSON events (kubectl,
 * client-go) or, when the request asks to upgrade, one WebSocket text frame per event (fabric8's
 * default). Table watches render each object as a one-row Table with column definitions only in
 * the first event (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go).
 */
final class WatchHandler {
  private final Registry registry;
  private final Renderers renderers;
  private final WatchSettings settings;
  private final Clock clock;
  private final ApiMetrics metrics;

  WatchHandler(Registry registry, Renderers renderers, WatchSettings settings, Clock clock, ApiMetrics metrics) {
    this.metrics = metrics;
    this.registry = registry;
    this.renderers = renderers;
    this.settings = settings;
    this.clock = clock;
  }

  Future<?> watch(RoutingContext ctx, ResourceDefinition def, String namespace, ListOptions options) {
    WatchEncoder encoder = encoder(ctx, def);
    boolean websocket = "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
    if (!websocket) {
      return WatchSession.start(registry, def, namespace, options, new ChunkedSink(ctx.response()), encoder,
          settings, () -> metrics.watcherTerminated(def.qualifiedResource()));
    }
    // The upgrade is answered only once the store watch is in place, so a 410 can still be a
    // plain HTTP Status.
    ctx.request().pause();
    DeferredSocketSink sink = new DeferredSocketSink();
    return WatchSession.start(registry, def, namespace, options, sink, encoder, settings,
            () -> metrics.watcherTerminated(def.qualifiedResource()))
        .compose(session -> {
          ctx.request().resume();
          return ctx.request().toWebSocket().onSuccess(sink::attach).onFailure(e -> session.finish(false));
        }, err -> {
          ctx.request().resume();
          return Future.failedFuture(err);
        });
  }

  private WatchEncoder encoder(RoutingContext ctx, ResourceDefinition def) {
    Negotiation form = Negotiation.of(ctx.request().getHeader("Accept"), false);
    String includeObject = ctx.request().getParam("includeObject");
    boolean[] first = {true};
    return (type, object) -> {
      ObjectNode shaped = object;
      if (type.equals("ADDED") || type.equals("MODIFIED") || type.equals("DELETED")) {
        shaped = switch (form) {
          case TABLE -> {
            ObjectNode t = renderers.table().render(def, List.of(object), ObjectMeta.of(object).resourceVersion(),
                null, includeObject, clock.instant(), first[0]);
            first[0] = false;
            yield t;
          }
          case PARTIAL_METADATA, PARTIAL_METADATA_LIST -> Responses.partial(object);
          case JSON -> Responses.withTypeMeta(def, object);
        };
      }
      ObjectNode event = Json.object();
      event.put("type", type);
      event.set("object", shaped);
      return Buffer.buffer(Json.string(event) + "\n");
    };
  }

  /** Chunked HTTP: headers flushed at once, one event per write. */
  private static final class ChunkedSink implements WatchSink {
    private final HttpServerResponse response;

    ChunkedSink(HttpServerResponse response) {
      this.response = response;
    }

    @Override
    public void open() {
      response.setChunked(true);
      response.putHeader("Content-Type", "application/json");
      response.putHeader("Cache-Control", "no-cache, private");
      response.writeHead();
    }

    @Override
    public boolean write(Buffer event) {
      if (response.ended() || response.closed()) return true;
      response.write(event);
      return !response.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable action) {
      response.drainHandler(v -> action.run());
    }

    @Override
    public void onClosed(Runnable action) {
      response.closeHandler(v -> action.run());
      response.exceptionHandler(e -> action.run());
    }

    @Override
    public boolean isClosed() {
      return response.closed();
    }

    @Override
    public void end() {
      if (!response.ended() && !response.closed()) response.end();
    }
  }

  /**
   * A WebSocket sink whose socket arrives after the watch started: events written before are
   * held (the session writes its initial events synchronously on open) and flushed on attach.
   */
  private static final class DeferredSocketSink implements WatchSink {
    private final java.util.ArrayList<Buffer> pending = new java.util.ArrayList<>();
    private ServerWebSocket socket;
    private Runnable onClosed;
    private boolean ended;

    void attach(ServerWebSocket ws) {
      socket = ws;
      ws.closeHandler(v -> fireClosed());
      ws.exceptionHandler(e -> fireClosed());
      pending.forEach(b -> ws.writeTextMessage(b.toString()));
      pending.clear();
      if (ended) ws.close();
    }

    private void fireClosed() {
      if (onClosed != null) onClosed.run();
    }

    @Override
    public void open() {
    }

    @Override
    public boolean write(Buffer event) {
      if (socket == null) {
        pending.add(event);
        return true;
      }
      if (socket.isClosed()) return true;
      socket.writeTextMessage(event.toString());
      return !socket.writeQueueFull();
    }

    @Override
    public void onDrain(Runnable action) {
      if (socket != null) socket.drainHandler(v -> action.run());
    }

    @Override
    public void onClosed(Runnable action) {
      onClosed = action;
    }

    @Override
    public void end() {
      ended = true;
      if (socket != null && !socket.isClosed()) socket.close();
    }
  }
}

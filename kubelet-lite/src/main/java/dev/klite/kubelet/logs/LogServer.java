package dev.klite.kubelet.logs;

import dev.klite.kubelet.exec.ExecHandler;
import dev.klite.kubelet.runtime.Rfc3339;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's HTTP endpoint for container logs ({@code pkg/kubelet/server/server.go} getContainerLogs):
 * {@code GET /containerLogs/{namespace}/{pod}/{container}} with the PodLogOptions query parameters. The handler only
 * validates and looks up on the event loop; files are read on {@code blocking}.
 */
public final class LogServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogServer.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(30);

  private final HttpServer server;

  private LogServer(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code host:port} (0 = random). The future completes once listening. */
  public static CompletableFuture<LogServer> start(Vertx vertx, String host, int port, String authToken,
      LogTargets targets, ExecutorService blocking) {
    return start(vertx, host, port, authToken, targets, blocking, router -> { });
  }

  /**
   * As {@link #start(Vertx, String, int, String, LogTargets, ExecutorService)}, with more routes (exec, stats)
   * behind the same bearer-token check. The server offers {@link ExecHandler#PROTOCOLS} as WebSocket subprotocols.
   */
  public static CompletableFuture<LogServer> start(Vertx vertx, String host, int port, String authToken,
      LogTargets targets, ExecutorService blocking, Consumer<Router> moreRoutes) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      if (authToken != null && !("Bearer " + authToken).equals(ctx.request().getHeader("Authorization"))) {
        sendStatus(ctx.response(), 401, "Unauthorized", "Unauthorized");
        return;
      }
      ctx.next();
    });
    router.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("ok"));
    router.get("/containerLogs/:namespace/:pod/:container")
        .handler(ctx -> handleLogs(ctx, targets, blocking));
    moreRoutes.accept(router);
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
            .setWebSocketSubProtocols(ExecHandler.PROTOCOLS))
        .requestHandler(router).listen()
        .map(LogServer::new).toCompletionStage().toCompletableFuture();
  }

  public int port() {
    return server.actualPort();
  }

  private static void handleLogs(RoutingContext ctx, LogTargets targets, ExecutorService blocking) {
    String ns = ctx.pathParam("namespace");
    String pod = ctx.pathParam("pod");
    String container = ctx.pathParam("container");
    LogOptions options;
    try {
      options = parseOptions(ctx);
    } catch (IllegalArgumentException e) {
      sendStatus(ctx.response(), 400, "BadRequest", e.getMessage());
      return;
    }
    Optional<Map<String, LogTarget>> pods = targets.containers(ns, pod);
    if (pods.isEmpty()) {
      sendStatus(ctx.response(), 404, "NotFound", "pods \"" + pod + "\" not found");
      return;
    }
    LogTarget target = pods.get().get(container);
    if (target == null) {
      sendStatus(ctx.response(), 404, "NotFound", "container \"" + container + "\" in pod \"" + pod + "\" not found");
      return;
    }
    Path file;
    CompletableFuture<?> exited = target.exited();
    if (options.previous()) {
      if (target.previousLog().isEmpty()) {
        sendStatus(ctx.response(), 400, "BadRequest",
            "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
        return;
      }
      file = target.previous();
      exited = CompletableFuture.completedFuture(null);
    } else if (target.currentLog().isEmpty()) {
      sendStatus(ctx.response(), 400, "BadRequest", "container \"" + container + "\" in pod \"" + pod
          + "\" is waiting to start: " + Optional.ofNullable(target.waitingReason()).orElse("ContainerCreating"));
      return;
    } else {
      file = target.current();
    }
    HttpServerResponse response = ctx.response();
    AtomicBoolean gone = new AtomicBoolean();
    // A follow ends when the client goes away, even while the container writes nothing.
    CompletableFuture<Void> left = new CompletableFuture<>();
    response.closeHandler(v -> {
      gone.set(true);
      left.complete(null);
    });
    response.exceptionHandler(e -> {
      gone.set(true);
      left.complete(null);
    });
    response.setChunked(true).putHeader("Content-Type", "text/plain");
    CompletableFuture<?> stop = CompletableFuture.anyOf(exited, left);
    boolean plain = target.plainText();
    blocking.execute(() -> stream(file, plain, options, response, gone, stop));
  }

  private static void stream(Path file, boolean plain, LogOptions options, HttpServerResponse response,
      AtomicBoolean gone, CompletableFuture<?> exited) {
    try {
      if (plain) {
        PlainLogReader.copy(file, options, data -> write(response, gone, data), exited);
      } else if (Files.exists(file)) {
        CriLogReader.copy(file, options, data -> write(response, gone, data), exited);
      }
    } catch (IOException e) {
      log.warn("reading log {} failed: {}", file, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!gone.get()) {
        response.end();
      }
    }
  }

  /** Writes with back-pressure: waits (on this worker thread) for the response queue to drain. */
  private static boolean write(HttpServerResponse response, AtomicBoolean gone, byte[] data) {
    if (gone.get()) {
      return false;
    }
    if (response.writeQueueFull()) {
      CompletableFuture<Void> drained = new CompletableFuture<>();
      response.drainHandler(v -> drained.complete(null));
      if (response.writeQueueFull()) {
        try {
          drained.get(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
          gone.set(true);
          response.reset();
          return false;
        }
      }
    }
    response.write(Buffer.buffer(data));
    return !gone.get();
  }

  static LogOptions parseOptions(RoutingContext ctx) {
    boolean follow = bool(ctx, "follow");
    boolean previous = bool(ctx, "previous");
    boolean timestamps = bool(ctx, "timestamps");
    long tail = number(ctx, "tailLines", -1);
    long limit = number(ctx, "limitBytes", -1);
    long sinceSeconds = number(ctx, "sinceSeconds", -1);
    Instant since = null;
    String sinceTime = ctx.queryParams().get("sinceTime");
    if (sinceTime != null && !sinceTime.isEmpty()) {
      try {
        since = Rfc3339.parse(sinceTime);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid sinceTime \"" + sinceTime + "\": " + e.getMessage());
      }
    } else if (sinceSeconds >= 0) {
      since = Instant.now().minusSeconds(sinceSeconds);
    }
    if (tail < -1 || limit == 0 || limit < -1) {
      throw new IllegalArgumentException("tailLines must be >= 0 and limitBytes must be > 0");
    }
    return new LogOptions(follow, previous, tail, since, timestamps, limit);
  }

  private static boolean bool(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    return v != null && (v.isEmpty() || "true".equalsIgnoreCase(v) || "1".equals(v));
  }

  private static long number(RoutingContext ctx, String name, long dflt) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + name + " \"" + v + "\"");
    }
  }

  static void sendStatus(HttpServerResponse response, int code, String reason, String message) {
    Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
        .withMessage(message).withNewMetadata().endMetadata().build();
    status.setApiVersion("v1");
    status.setKind("Status");
    response.setStatusCode(code).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(JSON.asJson(status).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      log.warn("closing the log endpoint failed: {}", e.toString());
    }
  }
}

package dev.klite.kubelet.grpc;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 cleartext server on a free loopback port speaking just enough gRPC for the health protocol, as grpc-go's
 * health server answers: the registered services' statuses, {@code NotFound "unknown service"} for others. It can
 * also pose as a gRPC server without the health service, a plain HTTP/2 server, one that never answers, one that
 * hangs up mid-call, or one that reports OK without a response message.
 */
public final class HealthServer implements AutoCloseable {
  public enum Mode { HEALTH, NO_HEALTH_SERVICE, PLAIN_HTTP, SILENT, HANG_UP, EMPTY_OK }

  public final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final HttpServer server;

  public HealthServer(Vertx vertx, Mode mode) throws Exception {
    this(vertx, mode, 0);
  }

  public HealthServer(Vertx vertx, Mode mode, int port) throws Exception {
    statuses.put("", 1);
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(req -> handle(req, mode))
        .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest req, Mode mode) {
    switch (mode) {
      case SILENT -> { }
      case HANG_UP -> req.connection().close();
      case EMPTY_OK -> trailersOnly(req, 0, "");
      case PLAIN_HTTP -> req.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
          .end("404 page not found\n");
      case NO_HEALTH_SERVICE -> trailersOnly(req, 12, "unknown service grpc.health.v1.Health");
      case HEALTH -> req.body().onSuccess(body -> {
        String service = service(body);
        Integer status = statuses.get(service);
        if (status == null) {
          trailersOnly(req, 5, "unknown service");
          return;
        }
        byte[] message = status == 0 ? new byte[0] : new byte[] {0x08, (byte) (int) status};
        req.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
            .end(Buffer.buffer(HealthMessages.frame(message)));
      });
      default -> throw new IllegalStateException();
    }
  }

  private static void trailersOnly(HttpServerRequest req, int code, String message) {
    req.response().putHeader("content-type", "application/grpc").putHeader("grpc-status", Integer.toString(code))
        .putHeader("grpc-message", message.replace(" ", "%20")).end();
  }

  /** The service of a HealthCheckRequest frame (its only field, 1). */
  private static String service(Buffer body) {
    byte[] b = body.getBytes();
    return b.length <= 7 ? "" : new String(b, 7, b[6], java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

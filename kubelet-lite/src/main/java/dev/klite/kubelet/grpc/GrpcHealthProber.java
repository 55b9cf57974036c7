package dev.klite.kubelet.grpc;

import dev.klite.kubelet.pod.GoDuration;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gRPC probe ({@code pkg/probe/grpc/grpc.go}, v1.32): calls {@code /grpc.health.v1.Health/Check} over HTTP/2
 * cleartext (prior knowledge, no TLS, as upstream's insecure credentials) on a connection of its own, all within the
 * probe's timeout, and succeeds only on {@code SERVING}. Like grpc-go's blocking dial, a refused connection is retried
 * (1 s back-off growing by 1.6) until the deadline, and a connection counts only once the server's HTTP/2 settings
 * arrived; so nothing listening and a server that never speaks HTTP/2 both end in the connect-timeout message. The
 * failure texts are upstream's. Nothing here blocks an event loop; {@link #probeBlocking} is for probe threads.
 */
public final class GrpcHealthProber implements AutoCloseable {
  static final String CHECK_PATH = "/grpc.health.v1.Health/Check";
  private static final long FIRST_BACKOFF_MS = 1000;
  private static final double BACKOFF_MULTIPLIER = 1.6;

  /** The outcome; {@code output} is the probe message ({@code service healthy} on success). */
  public record Result(boolean success, String output) {}

  private final Vertx vertx;
  private final HttpClientAgent client;

  public GrpcHealthProber(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
  }

  /** Probes {@code host:port} for {@code service}; the future completes within about {@code timeout}. */
  public Future<Result> probe(String host, int port, String service, Duration timeout) {
    return new Attempt(host, port, service == null ? "" : service, timeout).start();
  }

  /**
   * As {@link #probe}, waiting for the outcome.
   *
   * @throws IllegalStateException when called on an event loop
   */
  public Result probeBlocking(String host, int port, String service, Duration timeout) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a gRPC probe must not block an event loop");
    }
    try {
      return probe(host, port, service, timeout).toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return new Result(false, "error: health rpc probe failed: " + e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** net.JoinHostPort: IPv6 literals in brackets. */
  static String joinHostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** One probe: connect (with retries), then one RPC, all under one deadline. */
  private final class Attempt {
    private final String host;
    private final int port;
    private final String service;
    private final Duration timeout;
    private final long deadlineNanos;
    private final Promise<Result> result = Promise.promise();
    private final AtomicReference<HttpClientConnection> connection = new AtomicReference<>();

    Attempt(String host, int port, String service, Duration timeout) {
      this.host = host;
      this.port = port;
      this.service = service;
      this.timeout = timeout;
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    Future<Result> start() {
      long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> expire());
      connect(FIRST_BACKOFF_MS);
      return result.future().andThen(ar -> {
        vertx.cancelTimer(timer);
        HttpClientConnection c = connection.get();
        if (c != null) {
          c.close();
        }
      });
    }

    private void expire() {
      String limit = GoDuration.format(timeout);
      if (connection.get() == null) {
        result.tryComplete(new Result(false, "timeout: failed to connect service \"" + joinHostPort(host, port)
            + "\" within " + limit + ": context deadline exceeded"));
      } else {
        result.tryComplete(new Result(false, "timeout: health rpc did not complete within " + limit));
      }
    }

    private long remainingMillis() {
      return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private void connect(long backoffMs) {
      long remaining = remainingMillis();
      if (result.future().isComplete() || remaining <= 0) {
        return;
      }
      client.connect(new HttpConnectOptions().setHost(host).setPort(port).setConnectTimeout(remaining))
          .onSuccess(c -> {
            connection.set(c);
            if (result.future().isComplete()) {
              c.close();
            } else {
              call(c);
            }
          })
          .onFailure(e -> {
            // grpc-go keeps redialing with back-off until the dial deadline; the deadline timer reports the failure.
            if (!result.future().isComplete() && remainingMillis() > backoffMs) {
              vertx.setTimer(backoffMs, id -> connect((long) (backoffMs * BACKOFF_MULTIPLIER)));
            }
          });
    }

    private void call(HttpClientConnection c) {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
          .setURI(CHECK_PATH)
          .putHeader("content-type", "application/grpc")
          .putHeader("te", "trailers")
          .putHeader("user-agent", "kube-probe/1.32")
          .putHeader("grpc-timeout", Math.max(1, remainingMillis()) + "m");
      c.request(options)
          .compose(req -> req.send(Buffer.buffer(HealthMessages.request(service))))
          .compose(resp -> {
            RpcStatus httpError = RpcStatus.fromHttp(resp.statusCode(), resp.getHeader("content-type"));
            if (httpError != null) {
              return Future.succeededFuture(rpcFailed(httpError));
            }
            return resp.body().map(body -> outcome(resp, body));
          })
          .onComplete(ar -> {
            if (ar.succeeded()) {
              result.tryComplete(ar.result());
            } else {
              // The connection or stream broke mid-call: grpc-go reports transport failures as Unavailable.
              String why = String.valueOf(ar.cause().getMessage());
              result.tryComplete(rpcFailed(new RpcStatus(RpcStatus.UNAVAILABLE, why)));
            }
          });
    }

    private Result outcome(HttpClientResponse resp, Buffer body) {
      MultiMap trailers = resp.trailers();
      // A trailers-only response carries its status in the headers.
      String status = trailers.get("grpc-status");
      String message = trailers.get("grpc-message");
      if (status == null) {
        status = resp.getHeader("grpc-status");
        message = resp.getHeader("grpc-message");
      }
      RpcStatus rpc = RpcStatus.fromTrailers(status, message);
      if (rpc.code() != RpcStatus.OK) {
        return rpcFailed(rpc);
      }
      if (body.length() == 0) {
        return rpcFailed(new RpcStatus(RpcStatus.INTERNAL, "unexpected EOF"));
      }
      int serving;
      try {
        serving = HealthMessages.status(HealthMessages.unframe(body.getBytes()));
      } catch (IllegalArgumentException e) {
        return rpcFailed(new RpcStatus(RpcStatus.INTERNAL,
            "grpc: failed to unmarshal the received message: " + e.getMessage()));
      }
      if (serving != HealthMessages.SERVING) {
        return new Result(false, "service unhealthy (responded with \"" + HealthMessages.statusName(serving) + "\")");
      }
      return new Result(true, "service healthy");
    }

    private Result rpcFailed(RpcStatus status) {
      if (status.code() == RpcStatus.UNIMPLEMENTED) {
        return new Result(false, "error: this server does not implement the grpc health protocol "
            + "(grpc.health.v1.Health): " + status.message());
      }
      if (status.code() == RpcStatus.DEADLINE_EXCEEDED) {
        return new Result(false, "timeout: health rpc did not complete within " + GoDuration.format(timeout));
      }
      return new Result(false, "error: health rpc probe failed: " + status);
    }
  }
}

package dev.klite.kubelet.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC probe against real HTTP/2 servers on loopback; messages as pkg/probe/grpc/grpc.go words them. */
class GrpcHealthProberTest {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private static Vertx vertx;
  private static GrpcHealthProber prober;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    prober = new GrpcHealthProber(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    prober.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static GrpcHealthProber.Result probe(int port, String service) {
    return prober.probeBlocking("127.0.0.1", port, service, ONE_SECOND);
  }

  @Test
  void servingIsHealthy() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.HEALTH)) {
      server.statuses.put("api", 1);
      assertThat(probe(server.port(), "")).isEqualTo(new GrpcHealthProber.Result(true, "service healthy"));
      assertThat(probe(server.port(), "api")).isEqualTo(new GrpcHealthProber.Result(true, "service healthy"));
    }
  }

  @Test
  void anyOtherServingStatusIsUnhealthy() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.HEALTH)) {
      server.statuses.put("down", 2);
      server.statuses.put("gone", 3);
      server.statuses.put("unset", 0);
      server.statuses.put("future", 7);
      assertThat(probe(server.port(), "down").output()).isEqualTo("service unhealthy (responded with \"NOT_SERVING\")");
      assertThat(probe(server.port(), "gone").output())
          .isEqualTo("service unhealthy (responded with \"SERVICE_UNKNOWN\")");
      assertThat(probe(server.port(), "unset").output()).isEqualTo("service unhealthy (responded with \"UNKNOWN\")");
      assertThat(probe(server.port(), "future").output()).isEqualTo("service unhealthy (responded with \"7\")");
      assertThat(probe(server.port(), "down").success()).isFalse();
    }
  }

  @Test
  void anUnknownServiceIsTheServersNotFoundError() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.HEALTH)) {
      GrpcHealthProber.Result r = probe(server.port(), "nope");
      assertThat(r.success()).isFalse();
      assertThat(r.output())
          .isEqualTo("error: health rpc probe failed: rpc error: code = NotFound desc = unknown service");
    }
  }

  @Test
  void aGrpcServerWithoutTheHealthServiceIsUnimplemented() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.NO_HEALTH_SERVICE)) {
      assertThat(probe(server.port(), "").output()).isEqualTo("error: this server does not implement the grpc health "
          + "protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health");
    }
  }

  @Test
  void aPlainHttp2ServerWithoutTheMethodIsUnimplemented() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.PLAIN_HTTP)) {
      assertThat(probe(server.port(), "").output()).isEqualTo("error: this server does not implement the grpc health "
          + "protocol (grpc.health.v1.Health): unexpected HTTP status code received from server: 404 (Not Found); "
          + "transport: received unexpected content-type \"text/plain; charset=utf-8\"");
    }
  }

  @Test
  void aConnectionLostMidCallIsUnavailable() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.HANG_UP)) {
      assertThat(probe(server.port(), "").output())
          .startsWith("error: health rpc probe failed: rpc error: code = Unavailable desc = ");
    }
  }

  @Test
  void anOkStatusWithoutAResponseMessageIsAnUnexpectedEof() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.EMPTY_OK)) {
      assertThat(probe(server.port(), "").output())
          .isEqualTo("error: health rpc probe failed: rpc error: code = Internal desc = unexpected EOF");
    }
  }

  @Test
  void nothingListeningTimesOutConnecting() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    GrpcHealthProber.Result r = probe(port, "");
    assertThat(r).isEqualTo(new GrpcHealthProber.Result(false,
        "timeout: failed to connect service \"127.0.0.1:" + port + "\" within 1s: context deadline exceeded"));
    // Like grpc-go's blocking dial, a refused connection is retried until the deadline rather than reported at once.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aRefusedConnectionIsRetriedWithinTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    // The server comes up after the first dial was refused; the redial one back-off later finds it.
    java.util.concurrent.CompletableFuture<HealthServer> late = new java.util.concurrent.CompletableFuture<>();
    vertx.setTimer(300, id -> vertx.executeBlocking(() -> new HealthServer(vertx, HealthServer.Mode.HEALTH, port))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            late.complete(ar.result());
          } else {
            late.completeExceptionally(ar.cause());
          }
        }));
    try {
      assertThat(prober.probeBlocking("127.0.0.1", port, "", Duration.ofSeconds(3)))
          .isEqualTo(new GrpcHealthProber.Result(true, "service healthy"));
    } finally {
      late.get(10, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aServerThatNeverSpeaksHttp2TimesOutConnecting() throws Exception {
    // The kernel accepts the connection into the backlog; nobody ever reads or writes on it.
    try (ServerSocket s = new ServerSocket(0)) {
      assertThat(probe(s.getLocalPort(), "").output()).isEqualTo("timeout: failed to connect service \"127.0.0.1:"
          + s.getLocalPort() + "\" within 1s: context deadline exceeded");
    }
  }

  @Test
  void aServerThatNeverAnswersTheCallTimesOutTheRpc() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.SILENT)) {
      assertThat(probe(server.port(), "").output()).isEqualTo("timeout: health rpc did not complete within 1s");
    }
  }

  @Test
  void theTimeoutIsPrintedAsGoPrintsDurations() throws Exception {
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.SILENT)) {
      assertThat(prober.probeBlocking("127.0.0.1", server.port(), "", Duration.ofSeconds(2)).output())
          .isEqualTo("timeout: health rpc did not complete within 2s");
    }
  }

  @Test
  void ipv6HostsAreBracketedAsNetJoinHostPortDoes() {
    assertThat(GrpcHealthProber.joinHostPort("::1", 5000)).isEqualTo("[::1]:5000");
    assertThat(GrpcHealthProber.joinHostPort("10.0.0.1", 5000)).isEqualTo("10.0.0.1:5000");
  }
}

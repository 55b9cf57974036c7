package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * GET pods/log with a WebSocket upgrade streams the (fake) kubelet's log over the socket, as
 * upstream's wsstream reader protocols do: raw bytes for binary.k8s.io, base64 text for
 * base64.binary.k8s.io, no channel byte, a normal close at the end.
 */
class PodLogWebSocketTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static Vertx vertx;
  static HttpServer kubelet;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    kubelet = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().endsWith("/missing")) {
        req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
            .end("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"container missing is gone\",\"reason\":\"NotFound\",\"code\":404}");
        return;
      }
      req.response().setChunked(true).putHeader("Content-Type", "text/plain");
      req.response().write("container is alive\n");
      req.response().end("second line\n");
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    client = new TestClient(server);
    ObjectNode n = client.post("/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}")
        .json();
    n.withObject("status").putArray("addresses").addObject().put("type", "InternalIP").put("address", "127.0.0.1");
    n.withObject("status").withObject("daemonEndpoints").withObject("kubeletEndpoint").put("Port", kubelet.actualPort());
    assertThat(client.put("/api/v1/nodes/n1/status", n.toString()).code()).isEqualTo(200);
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nodeName":"n1","containers":[
          {"name":"main","image":"busybox"},{"name":"missing","image":"busybox"}]}}""");
    ObjectNode p = pod.json();
    var statuses = p.withObject("status").putArray("containerStatuses");
    statuses.addObject().put("name", "main").withObject("state").withObject("running");
    statuses.addObject().put("name", "missing").withObject("state").withObject("running");
    assertThat(client.put("/api/v1/namespaces/default/pods/p/status", p.toString()).code()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void binaryProtocolCarriesTheRawLogBytesAndClosesNormally() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    WebSocket ws = open("container=main", "binary.k8s.io", events);
    assertThat(ws.getSubprotocol()).isEqualTo("binary.k8s.io");
    assertThat(collect(events)).isEqualTo("container is alive\nsecond line\n|close 1000");
  }

  @Test
  void base64ProtocolCarriesTheLogAsBase64Text() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    WebSocket ws = open("container=main", "base64.binary.k8s.io", events);
    assertThat(ws.getSubprotocol()).isEqualTo("base64.binary.k8s.io");
    assertThat(collect(events)).isEqualTo("container is alive\nsecond line\n|close 1000");
  }

  @Test
  void aKubeletErrorIsAnsweredWithoutUpgrading() {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> open("container=missing", "binary.k8s.io", events)))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(404));
  }

  /** Messages joined (text ones decoded from base64), then "|close CODE". */
  private static String collect(BlockingQueue<String> events) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    while (true) {
      String e = events.poll(30, TimeUnit.SECONDS);
      assertThat(e).as("event before timeout, got so far: " + out).isNotNull();
      if (e.startsWith("close ")) return out + "|" + e;
      out.append(e);
    }
  }

  private static WebSocket open(String query, String protocol, BlockingQueue<String> events) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(TestClient.trusting(server.caCertificatePem())).build();
    URI uri = URI.create(server.url().toString().replace("https", "wss") + "/api/v1/namespaces/default/pods/p/log?"
        + query);
    return http.newWebSocketBuilder().header("Authorization", "Bearer " + server.adminToken()).subprotocols(protocol)
        .buildAsync(uri, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            events.add(StandardCharsets.UTF_8.decode(data).toString());
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            events.add(new String(Base64.getDecoder().decode(data.toString()), StandardCharsets.UTF_8));
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            events.add("close " + code);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
  }
}

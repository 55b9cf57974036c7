package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SPDY exec (kubectl before 1.30, or 1.30+ after its WebSocket attempt was refused) that the
 * kubelet refuses gets the kubelet's refusal, as upstream's upgrade-aware proxy passes it through:
 * the kubelet leg is connected before the client is answered 101. The stream-protocol handshake
 * and the API server's own checks come first and never reach the kubelet. (The upgraded session
 * itself is covered end to end with real kubectl binaries in conformance-tests' KubectlSpdyExecIT.)
 */
class PodExecFallbackTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static Vertx vertx;
  static HttpServer kubelet;
  static HttpClient http;
  static final BlockingQueue<String> kubeletRequests = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    kubelet = vertx.createHttpServer().requestHandler(req -> {
      kubeletRequests.add(req.method() + " " + req.uri() + " upgrade=" + req.getHeader("Upgrade"));
      if (req.path().endsWith("/waiting")) {
        req.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("container not found (\"waiting\")");
      } else {
        req.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("unable to upgrade: this kubelet serves exec over WebSocket only");
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    TestClient client = new TestClient(server);
    ObjectNode n = client.post("/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}")
        .json();
    n.withObject("status").putArray("addresses").addObject().put("type", "InternalIP").put("address", "127.0.0.1");
    n.withObject("status").withObject("daemonEndpoints").withObject("kubeletEndpoint").put("Port", kubelet.actualPort());
    assertThat(client.put("/api/v1/nodes/n1/status", n.toString()).code()).isEqualTo(200);
    assertThat(client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nodeName":"n1","containers":[
          {"name":"main","image":"busybox"},{"name":"waiting","image":"busybox"}]}}""").code()).isEqualTo(201);
    http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The request kubectl's SPDY executor sends (client-go transport/spdy). */
  private static HttpClientResponse spdy(String query, StringBuilder body) throws Exception {
    return spdy(query, List.of("v5.channel.k8s.io", "v4.channel.k8s.io"), body);
  }

  private static HttpClientResponse spdy(String query, List<String> versions, StringBuilder body) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(server.port()).setURI("/api/v1/namespaces/default/pods/p/exec?" + query)
        .putHeader("Authorization", "Bearer " + server.adminToken())
        .putHeader("Connection", "Upgrade").putHeader("Upgrade", "SPDY/3.1");
    if (!versions.isEmpty()) options.putHeader("X-Stream-Protocol-Version", List.<CharSequence>copyOf(versions));
    return http.request(options).compose(req -> req.send(Buffer.buffer())).compose(resp -> resp.body().map(b -> {
      body.append(b.toString());
      return resp;
    })).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theKubeletsRefusalReachesTheClient() throws Exception {
    kubeletRequests.clear();
    StringBuilder body = new StringBuilder();
    HttpClientResponse resp = spdy("command=true&container=waiting&stdout=true", body);
    assertThat(resp.statusCode()).isEqualTo(500);
    assertThat(body.toString()).isEqualTo("container not found (\"waiting\")");
    assertThat(kubeletRequests.poll(5, TimeUnit.SECONDS))
        .isEqualTo("GET /exec/default/p/waiting?command=true&stdout=true upgrade=websocket");
  }

  @Test
  void theWebSocketAttemptGetsTheSameRefusal() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .sslContext(TestClient.trusting(server.caCertificatePem())).build();
    java.net.URI uri = java.net.URI.create(server.url().toString().replace("https", "wss")
        + "/api/v1/namespaces/default/pods/p/exec?command=true&container=waiting&stdout=true");
    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> client.newWebSocketBuilder()
        .header("Authorization", "Bearer " + server.adminToken()).subprotocols("v5.channel.k8s.io")
        .buildAsync(uri, new java.net.http.WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
    assertThat(refused).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    var response = ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse();
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("container not found (\"waiting\")");
  }

  @Test
  void noCommonStreamProtocolIsForbiddenBeforeTheKubeletIsAsked() throws Exception {
    kubeletRequests.clear();
    StringBuilder body = new StringBuilder();
    HttpClientResponse resp = spdy("command=true&container=main&stdout=true", List.of("v5.channel.k8s.io"), body);
    assertThat(resp.statusCode()).isEqualTo(403);
    assertThat(body.toString()).isEqualTo("unable to upgrade: unable to negotiate protocol: client supports "
        + "[v5.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io "
        + "channel.k8s.io]\n");
    assertThat(resp.headers().getAll("X-Accepted-Stream-Protocol-Versions"))
        .containsExactly("v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io");
    assertThat(kubeletRequests).isEmpty();
  }

  @Test
  void aMissingStreamProtocolIsABadRequest() throws Exception {
    StringBuilder body = new StringBuilder();
    HttpClientResponse resp = spdy("command=true&container=main&stdout=true", List.of(), body);
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(body.toString()).isEqualTo("unable to upgrade: X-Stream-Protocol-Version is required\n");
  }

  @Test
  void apiServerChecksComeFirst() throws Exception {
    StringBuilder body = new StringBuilder();
    HttpClientResponse resp = spdy("command=true&container=nope&stdout=true", body);
    assertThat(resp.statusCode()).isEqualTo(400);
    assertThat(body.toString()).contains("container nope is not valid for pod p");
  }
}

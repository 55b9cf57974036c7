package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** pods/log resolves the container and proxies to a (fake) kubelet found through the Node. */
class PodLogProxyTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static Vertx vertx;
  static HttpServer kubelet;
  static final BlockingQueue<String> kubeletRequests = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    kubelet = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
        .setWebSocketSubProtocols(java.util.List.of("v5.channel.k8s.io"))).webSocketHandler(ws -> {
      kubeletRequests.add(ws.uri() + " auth=" + ws.headers().get("Authorization") + " proto=" + ws.subProtocol());
      ws.binaryMessageHandler(b -> {
        ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer().appendByte((byte) 1).appendBuffer(b.slice(1, b.length())));
        ws.close((short) 1000, "done");
      });
    }).requestHandler(req -> {
      kubeletRequests.add(req.uri() + " auth=" + req.getHeader("Authorization"));
      if (req.path().endsWith("/broken")) {
        req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"previous terminated container \\\"broken\\\" in pod \\\"p\\\" not found\","
                + "\"reason\":\"BadRequest\",\"code\":400}");
        return;
      }
      req.response().setChunked(true).putHeader("Content-Type", "text/plain");
      req.response().write("line 1\n");
      req.response().end("line 2\n");
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true)
        .withKubeletClientToken("kubelet-secret"));
    client = new TestClient(server);
    Response node = client.post("/api/v1/nodes", """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"}}""");
    assertThat(node.code()).as(node.body()).isEqualTo(201);
    ObjectNode n = node.json();
    n.withObject("status").putArray("addresses").addObject().put("type", "InternalIP").put("address", "127.0.0.1");
    n.withObject("status").withObject("daemonEndpoints").withObject("kubeletEndpoint").put("Port", kubelet.actualPort());
    Response status = client.put("/api/v1/nodes/n1/status", n.toString());
    assertThat(status.code()).as(status.body()).isEqualTo(200);
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"nodeName":"n1","containers":[
          {"name":"main","image":"busybox"},{"name":"side","image":"busybox"},{"name":"broken","image":"busybox"}]}}""");
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    ObjectNode p = pod.json();
    var statuses = p.withObject("status").putArray("containerStatuses");
    statuses.addObject().put("name", "main").withObject("state").withObject("running").put("startedAt", "2026-01-01T00:00:00Z");
    statuses.addObject().put("name", "side").withObject("state").withObject("waiting").put("reason", "ImagePullBackOff");
    statuses.addObject().put("name", "broken").withObject("state").withObject("running");
    statuses.get(2).withObject("lastState").withObject("terminated").put("exitCode", 1);
    assertThat(client.put("/api/v1/namespaces/default/pods/p/status", p.toString()).code()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void streamsTheKubeletsLogWithTheQueryAndToken() throws Exception {
    kubeletRequests.clear();
    Response r = client.get("/api/v1/namespaces/default/pods/p/log?container=main&follow=true&tailLines=2");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(r.body()).isEqualTo("line 1\nline 2\n");
    assertThat(kubeletRequests.poll(5, TimeUnit.SECONDS))
        .isEqualTo("/containerLogs/default/p/main?follow=true&tailLines=2 auth=Bearer kubelet-secret");
  }

  @Test
  void execIsRelayedToTheKubeletOverWebSocket() throws Exception {
    kubeletRequests.clear();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .sslContext(TestClient.trusting(server.caCertificatePem())).build();
    java.net.URI uri = java.net.URI.create(server.url().toString().replace("https", "wss")
        + "/api/v1/namespaces/default/pods/p/exec?command=echo&command=hi&container=main&stdin=true&stdout=true");
    java.net.http.WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + server.adminToken())
        .subprotocols("v5.channel.k8s.io")
        .buildAsync(uri, new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket w, java.nio.ByteBuffer data,
              boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add(bytes[0] + ":" + new String(bytes, 1, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8));
            w.request(1);
            return null;
          }

          @Override
          public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
            received.add("close " + code);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    assertThat(ws.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
    ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {0, 'h', 'e', 'y'}), true).get(10, TimeUnit.SECONDS);
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("1:hey");
    assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1000");
    assertThat(kubeletRequests.poll(5, TimeUnit.SECONDS)).isEqualTo("/exec/default/p/main?command=echo&command=hi"
        + "&stdin=true&stdout=true auth=Bearer kubelet-secret proto=v5.channel.k8s.io");
  }

  @Test
  void execWithoutAnUpgradeIs400() {
    Response r = client.get("/api/v1/namespaces/default/pods/p/exec?command=ls&container=main");
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("message").asString()).isEqualTo("Upgrade request required");
  }

  @Test
  void forwardsAKubeletStatusWithItsCode() {
    Response r = client.get("/api/v1/namespaces/default/pods/p/log?container=broken&previous=true");
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("message").asString()).isEqualTo("previous terminated container \"broken\" in pod \"p\" not found");
  }

  @Test
  void containerResolutionErrorsAre400() {
    Response none = client.get("/api/v1/namespaces/default/pods/p/log");
    assertThat(none.code()).isEqualTo(400);
    assertThat(none.json().path("message").asString())
        .isEqualTo("a container name must be specified for pod p, choose one of: [main side broken]");
    Response unknown = client.get("/api/v1/namespaces/default/pods/p/log?container=x");
    assertThat(unknown.json().path("message").asString()).isEqualTo("container x is not valid for pod p");
    Response waiting = client.get("/api/v1/namespaces/default/pods/p/log?container=side");
    assertThat(waiting.code()).isEqualTo(400);
    assertThat(waiting.json().path("message").asString())
        .isEqualTo("container \"side\" in pod \"p\" is waiting to start: ImagePullBackOff");
  }
}

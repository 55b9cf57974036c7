package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.klite.apiserver.TestClient.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
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
 * {@code nodes/{name}/proxy/...} reaches the (fake) kubelet found through the Node with the API
 * server's kubelet token; {@code pods/{name}[:port]/proxy/...} reaches the pod's IP and port.
 */
class NodeProxyTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static Vertx vertx;
  static HttpServer backend;
  static final BlockingQueue<String> requests = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // One fake process plays both the kubelet and the pod's server.
    backend = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      requests.add(req.method() + " " + req.uri() + " auth=" + req.getHeader("Authorization") + " body=" + body);
      if (req.path().equals("/missing")) {
        req.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("404 page not found\n");
        return;
      }
      req.response().putHeader("Content-Type", "application/json").putHeader("X-Backend", "yes")
          .end("{\"node\":{\"nodeName\":\"n1\"}}");
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true)
        .withKubeletClientToken("kubelet-secret"));
    client = new TestClient(server);
    Response node = client.post("/api/v1/nodes", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"}}");
    assertThat(node.code()).as(node.body()).isEqualTo(201);
    ObjectNode n = node.json();
    n.withObject("status").putArray("addresses").addObject().put("type", "InternalIP").put("address", "127.0.0.1");
    n.withObject("status").withObject("daemonEndpoints").withObject("kubeletEndpoint").put("Port", backend.actualPort());
    assertThat(client.put("/api/v1/nodes/n1/status", n.toString()).code()).isEqualTo(200);
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"nodeName":"n1","containers":[
          {"name":"main","image":"busybox","ports":[{"name":"http","containerPort":%d}]}]}}"""
        .formatted(backend.actualPort()));
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    ObjectNode p = pod.json();
    p.withObject("status").put("podIP", "127.0.0.1");
    assertThat(client.put("/api/v1/namespaces/default/pods/web/status", p.toString()).code()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void nodeProxyForwardsPathQueryAndTheKubeletToken() throws Exception {
    requests.clear();
    Response r = client.get("/api/v1/nodes/n1/proxy/stats/summary?only_cpu_and_memory=true");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("X-Backend")).hasValue("yes");
    assertThat(r.body()).isEqualTo("{\"node\":{\"nodeName\":\"n1\"}}");
    assertThat(requests.poll(10, TimeUnit.SECONDS))
        .isEqualTo("GET /stats/summary?only_cpu_and_memory=true auth=Bearer kubelet-secret body=");
  }

  @Test
  void nodeProxyForwardsBodiesAndBackendErrors() throws Exception {
    requests.clear();
    Response posted = client.post("/api/v1/nodes/n1/proxy/run", "{\"x\":1}");
    assertThat(posted.code()).isEqualTo(200);
    assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("POST /run auth=Bearer kubelet-secret body={\"x\":1}");
    Response missing = client.get("/api/v1/nodes/n1/proxy/missing");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("404 page not found\n");
  }

  @Test
  void unknownNodeIsNotFoundAndUnreachablePortIsServiceUnavailable() {
    Response unknown = client.get("/api/v1/nodes/nope/proxy/stats/summary");
    assertThat(unknown.code()).isEqualTo(404);
    assertThat(unknown.json().path("message").asString()).isEqualTo("nodes \"nope\" not found");
    Response down = client.get("/api/v1/nodes/n1:1/proxy/healthz");
    assertThat(down.code()).isEqualTo(503);
    assertThat(down.json().path("reason").asString()).isEqualTo("ServiceUnavailable");
  }

  @Test
  void podProxyReachesThePodByPortNumberOrName() throws Exception {
    requests.clear();
    Response byName = client.get("/api/v1/namespaces/default/pods/web:http/proxy/index.html?a=b");
    assertThat(byName.code()).as(byName.body()).isEqualTo(200);
    assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("GET /index.html?a=b auth=null body=");
    Response byNumber = client.get("/api/v1/namespaces/default/pods/web:" + backend.actualPort() + "/proxy/");
    assertThat(byNumber.code()).isEqualTo(200);
    assertThat(requests.poll(10, TimeUnit.SECONDS)).isEqualTo("GET / auth=null body=");
  }

  @Test
  void kubectlGetRawReachesTheKubelet() throws Exception {
    boolean installed = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl")));
    if (!installed && "1".equals(System.getenv("KLITE_REQUIRE_KUBECTL"))) throw new AssertionError("kubectl not on PATH");
    assumeTrue(installed, "kubectl not on PATH");
    Path kubeconfig = TestKubeconfig.write(dir, server);
    Path out = dir.resolve("kubectl.out");
    Process p = new ProcessBuilder(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "--raw",
        "/api/v1/nodes/n1/proxy/stats/summary")).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(out)).isZero();
    assertThat(Files.readString(out)).contains("\"nodeName\":\"n1\"");
  }
}

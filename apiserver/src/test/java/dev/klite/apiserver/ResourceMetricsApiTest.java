package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * metrics.k8s.io/v1beta1 as metrics-server serves it (what {@code kubectl top} reads), computed
 * from a (fake) kubelet's /stats/summary found through the Node's daemonEndpoints.
 */
class ResourceMetricsApiTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static Vertx vertx;
  static HttpServer kubelet;
  static final BlockingQueue<String> kubeletRequests = new LinkedBlockingQueue<>();

  /** web: two containers with rates; fresh: a container on its first sample (no rate yet). */
  static final String SUMMARY = """
      {"node":{"nodeName":"n1","startTime":"2026-01-01T00:00:00Z",
        "cpu":{"time":"2026-01-01T01:00:10Z","usageNanoCores":250000000,"usageCoreNanoSeconds":900000000000},
        "memory":{"time":"2026-01-01T01:00:10Z","workingSetBytes":2147483648,"availableBytes":1}},
       "pods":[
        {"podRef":{"name":"web","namespace":"default","uid":"u1"},"startTime":"2026-01-01T01:00:00Z",
         "containers":[
          {"name":"main","startTime":"2026-01-01T01:00:00Z",
           "cpu":{"time":"2026-01-01T01:00:10Z","usageNanoCores":1234567,"usageCoreNanoSeconds":5},
           "memory":{"time":"2026-01-01T01:00:10Z","workingSetBytes":12648448}},
          {"name":"side","startTime":"2026-01-01T01:00:00Z",
           "cpu":{"time":"2026-01-01T01:00:09Z","usageNanoCores":5000000,"usageCoreNanoSeconds":5},
           "memory":{"time":"2026-01-01T01:00:09Z","workingSetBytes":1000}}]},
        {"podRef":{"name":"fresh","namespace":"default","uid":"u2"},"startTime":"2026-01-01T01:00:00Z",
         "containers":[{"name":"main","startTime":"2026-01-01T01:00:00Z",
           "cpu":{"time":"2026-01-01T01:00:10Z","usageCoreNanoSeconds":5},
           "memory":{"time":"2026-01-01T01:00:10Z","workingSetBytes":4096}}]}]}
      """;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    kubelet = vertx.createHttpServer().requestHandler(req -> {
      kubeletRequests.add(req.uri() + " auth=" + req.getHeader("Authorization"));
      req.response().putHeader("Content-Type", "application/json").end(SUMMARY);
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true)
        .withKubeletClientToken("kubelet-secret"));
    client = new TestClient(server);
    Response node = client.post("/api/v1/nodes", """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1","labels":{"zone":"a"}}}""");
    assertThat(node.code()).as(node.body()).isEqualTo(201);
    ObjectNode n = node.json();
    n.withObject("status").putArray("addresses").addObject().put("type", "InternalIP").put("address", "127.0.0.1");
    n.withObject("status").withObject("daemonEndpoints").withObject("kubeletEndpoint").put("Port", kubelet.actualPort());
    assertThat(client.put("/api/v1/nodes/n1/status", n.toString()).code()).isEqualTo(200);
    pod("web", "Running");
    pod("fresh", "Running");
    pod("waiting", "Pending");
  }

  private static void pod(String name, String phase) {
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
         "spec":{"nodeName":"n1","containers":[{"name":"main","image":"busybox"}]}}""".formatted(name, name));
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    ObjectNode p = pod.json();
    p.withObject("status").put("phase", phase);
    assertThat(client.put("/api/v1/namespaces/default/pods/" + name + "/status", p.toString()).code()).isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theGroupIsDiscoverableAsKubectlTopRequires() {
    assertThat(client.get("/apis").json().toString()).contains("\"groupVersion\":\"metrics.k8s.io/v1beta1\"");
    Response aggregated = client.get("/apis",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
    assertThat(aggregated.json().toString()).contains("\"name\":\"metrics.k8s.io\"")
        .contains("{\"group\":\"metrics.k8s.io\",\"version\":\"v1beta1\",\"kind\":\"PodMetrics\"}");
    JsonNode resources = client.get("/apis/metrics.k8s.io/v1beta1").json().get("resources");
    assertThat(resources.toString())
        .contains("\"name\":\"pods\"", "\"kind\":\"PodMetrics\"", "\"namespaced\":true", "\"verbs\":[\"get\",\"list\"]")
        .contains("\"name\":\"nodes\"", "\"kind\":\"NodeMetrics\"", "\"namespaced\":false");
    assertThat(client.get("/openapi/v3").body()).contains("apis/metrics.k8s.io/v1beta1");
  }

  @Test
  void listsRunningPodsWithRatesAsPodMetrics() throws Exception {
    kubeletRequests.clear();
    Response r = client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    ObjectNode list = r.json();
    assertThat(list.get("kind").asString()).isEqualTo("PodMetricsList");
    assertThat(list.get("apiVersion").asString()).isEqualTo("metrics.k8s.io/v1beta1");
    assertThat(list.get("items")).hasSize(1);
    JsonNode web = list.get("items").get(0);
    assertThat(web.at("/metadata/name").asString()).isEqualTo("web");
    assertThat(web.at("/metadata/namespace").asString()).isEqualTo("default");
    assertThat(web.at("/metadata/labels/app").asString()).isEqualTo("web");
    assertThat(web.get("timestamp").asString()).isEqualTo("2026-01-01T01:00:09Z");
    assertThat(web.get("window").asString()).isEqualTo("10s");
    assertThat(web.get("containers").toString()).isEqualTo(
        "[{\"name\":\"main\",\"usage\":{\"cpu\":\"1234567n\",\"memory\":\"12352Ki\"}},"
            + "{\"name\":\"side\",\"usage\":{\"cpu\":\"5m\",\"memory\":\"1k\"}}]");
    assertThat(kubeletRequests.poll(5, TimeUnit.SECONDS)).isEqualTo("/stats/summary auth=Bearer kubelet-secret");
  }

  @Test
  void filtersByLabelSelectorAndAcrossNamespaces() {
    assertThat(client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb")
        .json().get("items")).hasSize(1);
    assertThat(client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dother")
        .json().get("items")).isEmpty();
    assertThat(client.get("/apis/metrics.k8s.io/v1beta1/pods").json().get("items")).hasSize(1);
    assertThat(client.get("/apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods").json().get("items")).isEmpty();
  }

  @Test
  void getsOnePodAndAnswersNotFoundAsMetricsServer() {
    Response web = client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web");
    assertThat(web.code()).as(web.body()).isEqualTo(200);
    assertThat(web.json().get("kind").asString()).isEqualTo("PodMetrics");
    for (String name : List.of("fresh", "waiting")) {
      Response none = client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/" + name);
      assertThat(none.code()).isEqualTo(404);
      assertThat(none.json().get("message").asString())
          .isEqualTo("podmetrics.metrics.k8s.io \"default/" + name + "\" not found");
      assertThat(none.json().get("reason").asString()).isEqualTo("NotFound");
    }
    Response missing = client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().get("message").asString()).isEqualTo("pod \"nope\" not found");
  }

  @Test
  void servesNodeMetrics() {
    Response list = client.get("/apis/metrics.k8s.io/v1beta1/nodes");
    assertThat(list.code()).as(list.body()).isEqualTo(200);
    assertThat(list.json().get("kind").asString()).isEqualTo("NodeMetricsList");
    JsonNode n1 = list.json().get("items").get(0);
    assertThat(n1.at("/metadata/name").asString()).isEqualTo("n1");
    assertThat(n1.at("/metadata/labels/zone").asString()).isEqualTo("a");
    assertThat(n1.get("usage").toString()).isEqualTo("{\"cpu\":\"250m\",\"memory\":\"2Gi\"}");
    assertThat(n1.get("timestamp").asString()).isEqualTo("2026-01-01T01:00:10Z");
    assertThat(client.get("/apis/metrics.k8s.io/v1beta1/nodes?labelSelector=zone%3Db").json().get("items")).isEmpty();
    Response one = client.get("/apis/metrics.k8s.io/v1beta1/nodes/n1");
    assertThat(one.json().get("kind").asString()).isEqualTo("NodeMetrics");
    Response missing = client.get("/apis/metrics.k8s.io/v1beta1/nodes/n9");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().get("message").asString()).isEqualTo("node \"n9\" not found");
  }

  @Test
  void printsATableForKubectlGet() {
    Response table = client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods",
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertThat(table.json().get("kind").asString()).isEqualTo("Table");
    assertThat(table.json().get("columnDefinitions").toString()).contains("\"cpu\"", "\"memory\"", "\"Window\"");
    assertThat(table.json().at("/rows/0/cells").toString()).isEqualTo("[\"web\",\"6234567n\",\"12649448\",\"10s\"]");
  }

  @Test
  void isReadOnly() {
    Response post = client.post("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods", "{}");
    assertThat(post.code()).isEqualTo(405);
    assertThat(post.json().get("reason").asString()).isEqualTo("MethodNotAllowed");
    assertThat(client.get("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?watch=true").code()).isEqualTo(405);
  }
}

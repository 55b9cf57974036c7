package dev.klite.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.exec.ExecClient;
import dev.klite.kubelet.isolation.HostCapabilities;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** exec (into the pod's namespaces and mounts when the host allows isolation) and stats of a running kubelet. */
@EnabledOnOs(OS.LINUX)
@EnableKubernetesMockClient(crud = true)
class KubeletEndpointTest {
  private static final String NODE = "node-x";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  static KubernetesClient client;

  @TempDir Path root;
  private Kubelet kubelet;
  private Vertx vertx;

  @BeforeEach
  void start() {
    kubelet = Kubelet.start(client, KubeletConfig.defaults(NODE, root).withAuthToken("t")
        .withShutdownGracePeriod(Duration.ofSeconds(1)).withStatsInterval(Duration.ofMillis(200)), false);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    kubelet.close();
    client.pods().inAnyNamespace().delete();
    assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
    assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
  }

  @Test
  void attachStreamsOutputAndFeedsStdinUntilStdinOnceCloses() throws Exception {
    client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("talk")
        .withNamespace("default").endMetadata().withNewSpec().withNodeName(NODE).withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("busybox").withStdin(true).withStdinOnce(true)
        .withCommand("sh", "-c", "while read l; do echo \"got $l\"; done; echo bye").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build()).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.pods().inNamespace("default").withName("talk")
        .get().getStatus().getPhase()).isEqualTo("Running"));
    try (ExecClient c = ExecClient.connect(vertx, kubelet.endpointPort(),
        "/attach/default/talk/main?stdin=true&stdout=true&stderr=true", "t", List.of("v5.channel.k8s.io"))) {
      c.send(0, "hi\n");
      assertThat(c.awaitStdout("got hi\n")).isEqualTo("got hi\n");
      c.closeStdin();
      ExecClient.Result r = c.await();
      assertThat(r.stdout()).isEqualTo("bye\n");
      assertThat(r.status()).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    }
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.pods().inNamespace("default").withName("talk")
        .get().getStatus().getPhase()).isEqualTo("Succeeded"));
  }

  @Test
  void servesTheSummaryApiWithRunningPods() throws Exception {
    client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("s").withNamespace(
        "default").withUid("s-uid").endMetadata().withNewSpec().withNodeName(NODE).withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("busybox").withCommand("sleep", "600").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").endStatus().build()).create();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kubelet.endpointPort()
        + "/stats/summary")).header("Authorization", "Bearer t").build();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject summary = new JsonObject(r.body());
      assertThat(summary.getJsonObject("node").getString("nodeName")).isEqualTo(NODE);
      assertThat(summary.getJsonArray("pods")).hasSize(1);
      JsonObject pod = summary.getJsonArray("pods").getJsonObject(0);
      assertThat(pod.getJsonObject("podRef").getString("name")).isEqualTo("s");
      JsonObject main = pod.getJsonArray("containers").getJsonObject(0);
      assertThat(main.getString("name")).isEqualTo("main");
      assertThat(main.getJsonObject("cpu").getMap()).containsKey("usageNanoCores");
      assertThat(main.getJsonObject("memory").getLong("workingSetBytes")).isPositive();
    });
  }

  @Test
  void execRunsInTheContainerWithItsEnvWorkingDirAndVolumes() throws Exception {
    Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("web-uid")
        .endMetadata().withNewSpec().withNodeName(NODE).withRestartPolicy("Never")
        .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withWorkingDir("/data")
        .withCommand("sh", "-c", "echo seen > /data/f; exec sleep 600").addNewEnv().withName("FOO").withValue("bar")
        .endEnv().addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
        .endSpec().withNewStatus().withPhase("Pending").endStatus().build();
    client.pods().inNamespace("default").resource(pod).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.pods().inNamespace("default").withName("web").get()
        .getStatus().getPhase()).isEqualTo("Running"));
    // The container writes /data/f itself once started: wait for that write before checking what exec sees.
    await().atMost(TIMEOUT).untilAsserted(() -> {
      try (ExecClient c = ExecClient.connect(vertx, kubelet.endpointPort(),
          "/exec/default/web/main?command=cat&command=f&stdout=true&stderr=true", "t", List.of("v5.channel.k8s.io"))) {
        assertThat(c.await().stdout()).isEqualTo("seen\n");
      }
    });
    String query = "command=sh&command=-c&command="
        + URLEncoder.encode("echo $FOO; cat f; hostname; exit 7", StandardCharsets.UTF_8) + "&stdout=true&stderr=true";
    ExecClient.Result r;
    try (ExecClient c = ExecClient.connect(vertx, kubelet.endpointPort(), "/exec/default/web/main?" + query, "t",
        List.of("v5.channel.k8s.io"))) {
      r = c.await();
    }
    assertThat(r.status()).contains("\"reason\":\"NonZeroExitCode\"", "exit status 7");
    if (HostCapabilities.detect().namespaces()) {
      assertThat(r.stdout()).isEqualTo("bar\nseen\nweb\n");
    } else {
      assertThat(r.stdout()).startsWith("bar\n");
    }
    assertThat(ExecClient.rejected(vertx, kubelet.endpointPort(), "/exec/default/web/nope?" + query, "t")
        .getBody().toString()).isEqualTo("container not found (\"nope\")");
  }
}

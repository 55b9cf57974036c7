package dev.klite.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.kubelet.mirror.MirrorPodManager;
import dev.klite.kubelet.mirror.StaticComponent;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Mirror pods of control-plane components: shown Running in kube-system, never run, logs from their files. */
@EnabledOnOs(OS.LINUX)
@EnableKubernetesMockClient(crud = true)
class MirrorPodTest {
  private static final String NODE = "node-m";
  static KubernetesClient client;

  @TempDir Path root;
  private Kubelet kubelet;
  private Path logFile;

  @BeforeEach
  void start() throws Exception {
    logFile = root.resolve("kcm.log");
    Files.writeString(logFile, "I0101 starting\nI0101 started controllers\n");
    kubelet = Kubelet.start(client, KubeletConfig.defaults(NODE, root).withAuthToken("t")
        .withStaticComponents(List.of(new StaticComponent("kube-controller-manager", logFile))), false);
  }

  @AfterEach
  void stop() {
    kubelet.close();
    client.pods().inAnyNamespace().delete();
  }

  @Test
  void createsARunningMirrorPodOwnedByTheNode() {
    Pod pod = client.pods().inNamespace("kube-system").withName("kube-controller-manager-node-m").get();
    assertThat(pod.getMetadata().getLabels()).containsEntry("component", "kube-controller-manager")
        .containsEntry("tier", "control-plane");
    assertThat(pod.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror")
        .containsEntry("kubernetes.io/config.source", "file");
    Node node = client.nodes().withName(NODE).get();
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("Node");
      assertThat(o.getName()).isEqualTo(NODE);
      assertThat(o.getUid()).isEqualTo(node.getMetadata().getUid());
      assertThat(o.getController()).isTrue();
    });
    assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.k8s.io/kube-controller-manager:v1.32.4-klite");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    ContainerStatus c = pod.getStatus().getContainerStatuses().get(0);
    assertThat(c.getName()).isEqualTo("kube-controller-manager");
    assertThat(c.getReady()).isTrue();
    assertThat(c.getState().getRunning()).isNotNull();
    // Never run by the kubelet: no pod directory, no process.
    assertThat(root.resolve("pods")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
        p -> assertThat(p).isEmptyDirectory());
  }

  @Test
  void servesTheComponentLogFileAsTheContainerLog() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kubelet.endpointPort()
        + "/containerLogs/kube-system/kube-controller-manager-node-m/kube-controller-manager?tailLines=1"))
        .header("Authorization", "Bearer t").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("I0101 started controllers\n");
  }

  @Test
  void recreatesADeletedMirrorPodAndReplacesAnOutdatedOne() {
    MirrorPodManager manager = new MirrorPodManager(client, NODE, "127.0.0.1",
        List.of(new StaticComponent("kube-controller-manager", logFile)), Clock.systemUTC());
    var pods = client.pods().inNamespace("kube-system");
    pods.withName("kube-controller-manager-node-m").delete();
    manager.ensure(false);
    assertThat(pods.withName("kube-controller-manager-node-m").get().getStatus().getPhase()).isEqualTo("Running");
    pods.withName("kube-controller-manager-node-m").edit(p -> new PodBuilder(p).editMetadata()
        .addToAnnotations("kubernetes.io/config.mirror", "stale").endMetadata().build());
    manager.ensure(true);
    assertThat(pods.list().getItems()).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getAnnotations().get("kubernetes.io/config.mirror")).isNotEqualTo("stale");
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
    });
  }
}

package dev.klite.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
@EnableKubernetesMockClient(crud = true)
class KubeletTest {
  private static final String NODE = "node-a";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  static KubernetesClient client;

  @TempDir Path root;
  private Kubelet kubelet;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    // The CRUD mock drops watch events under a spec.nodeName field selector: filter on the client side here.
    kubelet = Kubelet.start(client, KubeletConfig.defaults(NODE, root).withAuthToken("s3cret")
        .withCrashLoopBaseBackoff(Duration.ofMillis(300)).withShutdownGracePeriod(Duration.ofSeconds(1)), false);
  }

  @AfterEach
  void stop() throws Exception {
    kubelet.close();
    client.pods().inAnyNamespace().delete();
    // close() leaves no pod process (containers, sandbox holders) and no mount behind.
    assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
    assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
  }

  private Pod pod(String name, String restartPolicy, String script) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name + "-uid")
        .endMetadata()
        .withNewSpec().withNodeName(NODE).withRestartPolicy(restartPolicy)
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", script).endContainer()
        .endSpec().withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus().build();
  }

  private Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  @Test
  void registersTheNodeAsReadyWithHostFactsAndItsEndpoint() {
    Node node = client.nodes().withName(NODE).get();
    assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", NODE)
        .containsEntry("kubernetes.io/os", "linux").containsKey("kubernetes.io/arch");
    assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType, NodeCondition::getStatus,
        NodeCondition::getReason).contains(
            org.assertj.core.groups.Tuple.tuple("Ready", "True", "KubeletReady"),
            org.assertj.core.groups.Tuple.tuple("MemoryPressure", "False", "KubeletHasSufficientMemory"));
    assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.4-klite");
    assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("klite-process://0.1.0");
    assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort()).isEqualTo(kubelet.endpointPort());
    assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods", "ephemeral-storage");
    assertThat(node.getStatus().getAddresses()).anyMatch(a -> "InternalIP".equals(a.getType())
        && "127.0.0.1".equals(a.getAddress()));
    assertThat(client.leases().inNamespace("kube-node-lease").withName(NODE).get().getSpec().getHolderIdentity())
        .isEqualTo(NODE);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
        .getItems()).filteredOn(e -> "Node".equals(e.getInvolvedObject().getKind()))
        .extracting(e -> e.getReason() + ": " + e.getMessage())
        .contains("Starting: Starting kubelet.", "NodeReady: Node node-a status is now: NodeReady"));
  }

  @Test
  void runsASucceedingPodToCompletionAndServesItsLog() throws Exception {
    client.pods().inNamespace("default").resource(pod("ok", "Never", "echo hello; exit 0")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("ok").getStatus().getPhase()).isEqualTo("Succeeded"));
    Pod pod = get("ok");
    ContainerStatus main = pod.getStatus().getContainerStatuses().get(0);
    assertThat(main.getState().getTerminated().getExitCode()).isZero();
    assertThat(main.getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(main.getContainerID()).startsWith("klite://");
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
    assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    assertThat(pod.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + ":" + c.getReason())
        .containsExactly("PodReadyToStartContainers=False:null", "Initialized=True:PodCompleted",
            "Ready=False:PodCompleted", "ContainersReady=False:PodCompleted", "PodScheduled=True:null");

    HttpResponse<String> logs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + kubelet.endpointPort() + "/containerLogs/default/ok/main")).header("Authorization", "Bearer s3cret").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(logs.statusCode()).isEqualTo(200);
    assertThat(logs.body()).isEqualTo("hello\n");

    HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + kubelet.endpointPort() + "/containerLogs/default/ok/main")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noToken.statusCode()).isEqualTo(401);
  }

  @Test
  void failsAPodWhoseContainerExitsNonZeroUnderRestartPolicyNever() {
    client.pods().inNamespace("default").resource(pod("bad", "Never", "echo boom >&2; exit 3")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("bad").getStatus().getPhase()).isEqualTo("Failed"));
    ContainerStatus main = get("bad").getStatus().getContainerStatuses().get(0);
    assertThat(main.getState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(main.getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(main.getRestartCount()).isZero();
  }

  @Test
  void restartsAFailingContainerInPlaceUnderOnFailure() {
    client.pods().inNamespace("default").resource(pod("flaky", "OnFailure", "exit 1")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(get("flaky").getStatus().getContainerStatuses()).isNotEmpty();
      ContainerStatus main = get("flaky").getStatus().getContainerStatuses().get(0);
      assertThat(main.getRestartCount()).isGreaterThanOrEqualTo(2);
      assertThat(main.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    });
    assertThat(get("flaky").getStatus().getPhase()).isIn("Running", "Pending");
  }

  @Test
  void closeKillsRunningPodProcesses() {
    client.pods().inNamespace("default").resource(pod("sleeper", "Never", "trap '' TERM; sleep 60")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("sleeper").getStatus().getPhase()).isEqualTo("Running"));
    List<ProcessHandle> sleeps = ourSleeps();
    assertThat(sleeps).isNotEmpty();
    kubelet.close();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sleeps).noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void deletingAPodKillsItsProcessesAndRecordsKubeletEvents() {
    client.pods().inNamespace("default").resource(pod("doomed", "Never", "trap '' TERM; sleep 60")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("doomed").getStatus().getPhase()).isEqualTo("Running"));
    List<ProcessHandle> sleeps = ourSleeps();
    assertThat(sleeps).isNotEmpty();
    // The CRUD mock deletes at once (no graceful deletion): the kubelet sees the pod vanish and kills at once.
    client.pods().inNamespace("default").withName("doomed").delete();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sleeps).noneMatch(ProcessHandle::isAlive));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
        .getItems()).filteredOn(e -> "doomed".equals(e.getInvolvedObject().getName()))
        .extracting(e -> e.getReason() + ":" + e.getMessage() + ":" + e.getSource().getComponent())
        .contains("Created:Created container: main:kubelet", "Started:Started container main:kubelet"));
  }

  @Test
  void closeRemovesTheCgroupsOfRunningContainers() {
    var host = dev.klite.kubelet.isolation.HostCapabilities.detect();
    org.junit.jupiter.api.Assumptions.assumeTrue(host.cgroups() != null,
        () -> "cgroups unavailable: " + host.cgroupsUnavailable());
    Pod limited = new PodBuilder(pod("limited", "Never", "sleep 60")).editSpec().editContainer(0).withNewResources()
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("128Mi")).endResources().endContainer()
        .endSpec().build();
    client.pods().inNamespace("default").resource(limited).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("limited").getStatus().getPhase())
        .isEqualTo("Running"));
    String id = get("limited").getStatus().getContainerStatuses().get(0).getContainerID().substring(8);
    List<Path> dirs = host.cgroups().dirs("klite-" + id.substring(0, 16));
    assertThat(dirs.get(0)).isDirectory();
    kubelet.close();
    assertThat(dirs).allSatisfy(d -> assertThat(d).doesNotExist());
  }

  /** Processes of this test JVM (other builds on the machine may run their own sleeps). */
  private static List<ProcessHandle> ourSleeps() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("sleep 60")).toList();
  }
}

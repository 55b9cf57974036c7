package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.GrpcHealthServer;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Upstream test/e2e/common/node/container_probe.go, with short probe periods. klite pods share the
 * host network, so HTTP and TCP probes go to a free host port the container's busybox httpd listens on, and gRPC
 * probes to one that {@link GrpcHealthServer} (run with the test JVM's java) listens on.
 */
@EnableKlite(backoff = "PT1S")
class ProbingContainerIT {
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration STEADY = Duration.ofSeconds(8);
  KubernetesClient client;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Probe exec(String command, int initialDelay) {
    return new ProbeBuilder().withNewExec().withCommand("sh", "-c", command).endExec()
        .withInitialDelaySeconds(initialDelay).withPeriodSeconds(1).withFailureThreshold(1).withTimeoutSeconds(1).build();
  }

  private static Probe http(int port, int initialDelay) {
    return new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(port)).endHttpGet()
        .withInitialDelaySeconds(initialDelay).withPeriodSeconds(1).withFailureThreshold(1).withTimeoutSeconds(1).build();
  }

  private void create(String script, Probe liveness, Probe readiness) {
    Pod pod = new PodBuilder(TestPods.shell("probe-test", "Always", script).build()).editSpec()
        .addNewVolume().withName("www").withNewEmptyDir().endEmptyDir().endVolume()
        .editFirstContainer().withLivenessProbe(liveness).withReadinessProbe(readiness)
        .addNewVolumeMount().withName("www").withMountPath("/www").endVolumeMount()
        .endContainer().endSpec().build();
    client.pods().resource(pod).create();
    TestPods.await(client, "probe-test", START, TestPods.phase("Running"));
  }

  private ContainerStatus status() {
    Pod p = client.pods().withName("probe-test").get();
    return p.getStatus().getContainerStatuses().get(0);
  }

  private void expectNoRestartsFor(Duration window) {
    await().during(window).atMost(window.plusSeconds(5)).until(() -> status().getRestartCount() == 0);
  }

  private void expectRestart() {
    await().atMost(START).until(() -> status().getRestartCount() >= 1);
  }

  private static String httpd(int port, String after) {
    return "echo ok > /www/healthz; " + after + " busybox httpd -f -p 127.0.0.1:" + port + " -h /www";
  }

  @Test
  @Conformance("[sig-node] Probing container should *not* be restarted with a exec \"cat /tmp/health\" liveness probe")
  void probingContainerShouldNotBeRestartedWithAExecCatTmpHealthLivenessProbe() {
    create("echo ok > /www/health; sleep 600", exec("cat /www/health", 1), null);
    expectNoRestartsFor(STEADY);
  }

  @Test
  @Conformance("[sig-node] Probing container should be restarted with a exec \"cat /tmp/health\" liveness probe")
  void probingContainerShouldBeRestartedWithAExecCatTmpHealthLivenessProbe() {
    create("echo ok > /www/health; sleep 3; rm -f /www/health; sleep 600", exec("cat /www/health", 1), null);
    expectRestart();
  }

  @Test
  @Conformance("[sig-node] Probing container should *not* be restarted with a /healthz http liveness probe")
  void probingContainerShouldNotBeRestartedWithAHealthzHttpLivenessProbe() throws IOException {
    int port = freePort();
    create(httpd(port, ""), http(port, 2), null);
    expectNoRestartsFor(STEADY);
  }

  @Test
  @Conformance("[sig-node] Probing container should be restarted with a /healthz http liveness probe")
  void probingContainerShouldBeRestartedWithAHealthzHttpLivenessProbe() throws IOException {
    int port = freePort();
    create(httpd(port, "(sleep 4; rm -f /www/healthz) &"), http(port, 2), null);
    expectRestart();
  }

  @Test
  @Conformance("[sig-node] Probing container should *not* be restarted with a tcp:8080 liveness probe")
  void probingContainerShouldNotBeRestartedWithATcp8080LivenessProbe() throws IOException {
    int port = freePort();
    Probe tcp = new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(port)).endTcpSocket()
        .withInitialDelaySeconds(2).withPeriodSeconds(1).withFailureThreshold(1).withTimeoutSeconds(1).build();
    create(httpd(port, ""), tcp, null);
    expectNoRestartsFor(STEADY);
  }

  /**
   * gRPCServerPodSpec: the health server in the container, a gRPC liveness probe with upstream's 5 s timeout (which
   * also covers the server's JVM start: the probe redials until its deadline) and failureThreshold 1.
   */
  private void createGrpc(int serverPort, int probePort) {
    Probe grpc = new ProbeBuilder().withNewGrpc().withPort(probePort).endGrpc()
        .withInitialDelaySeconds(2).withPeriodSeconds(1).withTimeoutSeconds(5).withFailureThreshold(1).build();
    // Upstream's image; klite runs the command on the host, so GrpcHealthServer stands in for agnhost's server.
    Pod pod = new PodBuilder().withNewMetadata().withName("probe-test").endMetadata()
        .withNewSpec().withRestartPolicy("Always").withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage("registry.k8s.io/e2e-test-images/agnhost:2.53")
        .withCommand(GrpcHealthServer.command("$(POD_IP)", serverPort))
        .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
        .endFieldRef().endValueFrom().endEnv()
        .addNewPort().withName("grpc").withContainerPort(serverPort).endPort()
        .withLivenessProbe(grpc).endContainer().endSpec().build();
    client.pods().resource(pod).create();
    TestPods.await(client, "probe-test", START, TestPods.phase("Running"));
  }

  @Test
  @Conformance("[sig-node] Probing container should *not* be restarted with a GRPC liveness probe")
  void probingContainerShouldNotBeRestartedWithAGrpcLivenessProbe() throws IOException {
    int port = freePort();
    createGrpc(port, port);
    // The probe reached the server and got SERVING, so a restart count of 0 is not just a probe that never ran.
    await().atMost(START).untilAsserted(() -> assertThat(TestPods.log(client, "probe-test"))
        .contains("check service=\"\": SERVING"));
    expectNoRestartsFor(STEADY);
  }

  @Test
  @Conformance("[sig-node] Probing container should be restarted with a GRPC liveness probe")
  void probingContainerShouldBeRestartedWithAGrpcLivenessProbe() throws IOException {
    int port = freePort();
    int other = freePort();
    while (other == port) {
      other = freePort();
    }
    int wrongPort = other;
    createGrpc(port, wrongPort);
    expectRestart();
    // The gRPC probe caused it, failing as pkg/probe/grpc words a dial that never completes.
    String podIP = client.pods().withName("probe-test").get().getStatus().getPodIP();
    await().atMost(STEADY).untilAsserted(() -> assertThat(client.v1().events().list().getItems())
        .extracting(Event::getMessage).contains("Liveness probe failed: timeout: failed to connect service \""
            + podIP + ":" + wrongPort + "\" within 5s: context deadline exceeded"));
  }

  @Test
  @Conformance("[sig-node] Probing container should have monotonically increasing restart count")
  void probingContainerShouldHaveMonotonicallyIncreasingRestartCount() {
    create("sleep 600", exec("cat /www/does-not-exist", 1), null);
    List<Integer> observed = new ArrayList<>();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      observed.add(status().getRestartCount());
      return observed.get(observed.size() - 1) >= 4;
    });
    assertThat(observed).isSorted();
  }

  @Test
  @Conformance("[sig-node] Probing container with readiness probe should not be ready before initial delay and never restart")
  void probingContainerWithReadinessProbeShouldNotBeReadyBeforeInitialDelayAndNeverRestart() {
    create("sleep 600", null, exec("true", 5));
    await().atMost(START).until(() -> Boolean.TRUE.equals(status().getReady()));
    ContainerStatus ready = status();
    Pod pod = client.pods().withName("probe-test").get();
    Instant started = Instant.parse(ready.getState().getRunning().getStartedAt());
    Instant readyAt = Instant.parse(pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow().getLastTransitionTime());
    assertThat(Duration.between(started, readyAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(ready.getRestartCount()).isZero();
  }

  @Test
  @Conformance("[sig-node] Probing container with readiness probe that fails should never be ready and never restart")
  void probingContainerWithReadinessProbeThatFailsShouldNeverBeReadyAndNeverRestart() {
    create("sleep 600", null, exec("false", 1));
    await().during(STEADY).atMost(STEADY.plusSeconds(5))
        .until(() -> !Boolean.TRUE.equals(status().getReady()) && status().getRestartCount() == 0);
  }
}

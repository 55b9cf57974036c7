package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.conformance.support.Tls;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/pods.go and pods_extended (QOS). */
@EnableKlite
class PodsIT {
  private static final Duration RUNNING = Duration.ofSeconds(60);
  KubernetesClient client;
  Klite klite;

  private Pod createRunning(String name, Map<String, String> labels) {
    client.pods().resource(new PodBuilder(TestPods.shell(name, "Always", "sleep 3600").build())
        .editMetadata().withLabels(labels).endMetadata().build()).create();
    return TestPods.await(client, name, RUNNING, TestPods.phase("Running"));
  }

  @Test
  @Conformance("[sig-node] Pods should get a host IP")
  void podsShouldGetAHostIp() {
    Pod pod = createRunning("pod-hostip", Map.of("test", "hostip"));
    assertThat(pod.getStatus().getHostIP()).isNotBlank();
    assertThat(pod.getStatus().getHostIPs()).isNotEmpty();
    assertThat(pod.getStatus().getHostIPs().get(0).getIp()).isEqualTo(pod.getStatus().getHostIP());
  }

  @Test
  @Conformance("[sig-node] Pods should be submitted and removed")
  void podsShouldBeSubmittedAndRemoved() throws Exception {
    String value = Long.toString(System.nanoTime());
    RecordingWatcher<Pod> w = new RecordingWatcher<>();
    assertThat(client.pods().withLabel("time", value).list().getItems()).isEmpty();
    try (Watch watch = client.pods().withLabel("time", value).watch(w)) {
      createRunning("pod-submit-remove", Map.of("name", "foo", "time", value));
      var added = w.next(RUNNING);
      assertThat(added.action()).isEqualTo(Action.ADDED);
      assertThat(client.pods().withLabel("time", value).list().getItems()).hasSize(1);

      client.pods().withName("pod-submit-remove").withGracePeriod(30).delete();
      boolean sawTerminating = false;
      while (true) {
        var e = w.next(RUNNING);
        if (e.action() == Action.MODIFIED && e.object().getMetadata().getDeletionTimestamp() != null) sawTerminating = true;
        if (e.action() == Action.DELETED) break;
      }
      assertThat(sawTerminating).as("a MODIFIED event with deletionTimestamp before DELETED").isTrue();
    }
    assertThat(client.pods().withLabel("time", value).list().getItems()).isEmpty();
  }

  @Test
  @Conformance("[sig-node] Pods should be updated")
  void podsShouldBeUpdated() {
    createRunning("pod-update", Map.of("name", "foo", "time", "first"));
    client.pods().withName("pod-update").edit(p -> new PodBuilder(p).editMetadata().addToLabels("time", "second").endMetadata().build());
    assertThat(client.pods().withLabel("time", "second").list().getItems())
        .extracting(p -> p.getMetadata().getName()).containsExactly("pod-update");
  }

  @Test
  @Conformance("[sig-node] Pods should allow activeDeadlineSeconds to be updated")
  void podsShouldAllowActivedeadlinesecondsToBeUpdated() {
    createRunning("pod-update-activedeadlineseconds", Map.of("name", "foo"));
    client.pods().withName("pod-update-activedeadlineseconds")
        .edit(p -> new PodBuilder(p).editSpec().withActiveDeadlineSeconds(5L).endSpec().build());
    Pod failed = TestPods.await(client, "pod-update-activedeadlineseconds", RUNNING, TestPods.phase("Failed"));
    assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  @Conformance("[sig-node] Pods should delete a collection of pods")
  void podsShouldDeleteACollectionOfPods() {
    for (int i = 1; i <= 3; i++) {
      client.pods().resource(new PodBuilder(TestPods.shell("test-pod-" + i, "Always", "sleep 3600").build())
          .editMetadata().withLabels(Map.of("type", "Testing")).endMetadata().build()).create();
    }
    await().atMost(RUNNING).untilAsserted(() -> assertThat(client.pods().withLabel("type", "Testing").list().getItems())
        .hasSize(3).allMatch(TestPods.phase("Running")::test));
    client.pods().withLabel("type", "Testing").delete();
    await().atMost(RUNNING).untilAsserted(() -> assertThat(client.pods().withLabel("type", "Testing").list().getItems()).isEmpty());
  }

  @Test
  @Conformance("[sig-node] Pods should patch a pod status")
  void podsShouldPatchAPodStatus() {
    createRunning("pod-patch-status", Map.of("test", "patch-status"));
    Pod patched = client.pods().withName("pod-patch-status").subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"metadata\":{\"annotations\":{\"patchedstatus\":\"true\"}},\"status\":{\"message\":\"Patched by e2e test\",\"reason\":\"E2E\"}}");
    assertThat(patched.getMetadata().getAnnotations()).containsEntry("patchedstatus", "true");
    assertThat(patched.getStatus().getMessage()).isEqualTo("Patched by e2e test");
    assertThat(patched.getStatus().getReason()).isEqualTo("E2E");
  }

  @Test
  @Conformance("[sig-node] Pods should run through the lifecycle of Pods and PodStatus")
  void podsShouldRunThroughTheLifecycleOfPodsAndPodstatus() throws Exception {
    RecordingWatcher<Pod> w = new RecordingWatcher<>();
    try (Watch watch = client.pods().withLabel("test-pod-static", "true").watch(w)) {
      createRunning("pod-test", Map.of("test-pod-static", "true"));
      TestPods.await(client, "pod-test", RUNNING, p -> p.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));

      Pod patched = client.pods().withName("pod-test").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
          "{\"metadata\":{\"labels\":{\"test-pod\":\"patched\"}}}");
      assertThat(patched.getMetadata().getLabels()).containsEntry("test-pod", "patched");

      Pod current = client.pods().withName("pod-test").get();
      current.getStatus().getConditions().add(new PodConditionBuilder().withType("E2eStatusUpdate").withStatus("True").build());
      Pod replaced = client.pods().resource(current).updateStatus();
      assertThat(replaced.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getType()).isEqualTo("E2eStatusUpdate"));

      client.pods().withLabel("test-pod-static", "true").withGracePeriod(1).delete();
      while (w.next(RUNNING).action() != Action.DELETED) {
        // ADDED and MODIFIED events come first
      }
    }
    assertThat(client.pods().withName("pod-test").get()).isNull();
  }

  @Test
  @Conformance("[sig-node] Pods should support remote command execution over websockets")
  void podsShouldSupportRemoteCommandExecutionOverWebsockets() throws Exception {
    createRunning("pod-exec-websocket", Map.of("test", "exec"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch exec = client.pods().withName("pod-exec-websocket").writingOutput(out)
        .exec("sh", "-c", "echo remote execution test")) {
      assertThat(exec.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("remote execution test\n");
  }

  @Test
  @Conformance("[sig-node] Pods should support retrieving logs from the container over websockets")
  void podsShouldSupportRetrievingLogsFromTheContainerOverWebsockets() throws Exception {
    client.pods().resource(TestPods.shell("pod-logs-websocket", "Always", "echo container is alive; sleep 3600").build()).create();
    TestPods.await(client, "pod-logs-websocket", RUNNING, TestPods.phase("Running"));
    await().atMost(RUNNING).ignoreExceptions().until(() -> TestPods.log(client, "pod-logs-websocket").contains("container is alive"));

    String wsUrl = klite.url().toString().replaceFirst("^https", "wss") + "/api/v1/namespaces/" + klite.namespace()
        + "/pods/pod-logs-websocket/log?container=main";
    StringBuilder received = new StringBuilder();
    CompletableFuture<String> closed = new CompletableFuture<>();
    HttpClient http = HttpClient.newBuilder().sslContext(Tls.trusting(klite.kubeconfigYaml())).build();
    WebSocket ws = http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + Tls.token(klite.kubeconfigYaml()))
        .subprotocols("binary.k8s.io")
        .buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            received.append(StandardCharsets.UTF_8.decode(data));
            if (received.toString().contains("container is alive")) closed.complete(received.toString());
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.append(data);
            if (received.toString().contains("container is alive")) closed.complete(received.toString());
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(received.toString());
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
          }
        }).get(30, TimeUnit.SECONDS);
    try {
      assertThat(closed.get(30, TimeUnit.SECONDS)).contains("container is alive");
    } finally {
      ws.abort();
    }
  }

  @Test
  @Conformance("[sig-node] Pods Extended Pods Set QOS Class should be set on Pods with matching resource requests and limits for memory and cpu")
  void podsExtendedPodsSetQosClassShouldBeSetOnPodsWithMatchingResourceRequestsAndLimitsForMemoryAndCpu() {
    Pod pod = client.pods().resource(new PodBuilder(TestPods.shell("pod-qos-class", "Always", "sleep 3600").build())
        .editSpec().editFirstContainer().withNewResources()
        .addToLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("100Mi")))
        .addToRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("100Mi")))
        .endResources().endContainer().endSpec().build()).create();
    assertThat(pod.getStatus().getQosClass()).isEqualTo("Guaranteed");
    assertThat(client.pods().withName("pod-qos-class").get().getStatus().getQosClass()).isEqualTo("Guaranteed");
  }

  @Test
  @Conformance("[sig-node] Pods should contain environment variables for services")
  void podsShouldContainEnvironmentVariablesForServices() {
    client.services().resource(new ServiceBuilder().withNewMetadata().withName("fooservice").addToLabels("name", "fooservice").endMetadata()
        .withNewSpec().addToSelector("name", "server-envvars").addNewPort().withPort(8765).withNewTargetPort(8080).endPort().endSpec()
        .build()).create();
    client.pods().resource(TestPods.shell("client-envvars", "Never", "env").build()).create();
    Pod done = TestPods.await(client, "client-envvars", RUNNING, TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(TestPods.log(client, "client-envvars")).contains("FOOSERVICE_SERVICE_HOST=", "FOOSERVICE_SERVICE_PORT=8765",
        "FOOSERVICE_PORT=tcp://", "FOOSERVICE_PORT_8765_TCP_PROTO=tcp", "FOOSERVICE_PORT_8765_TCP_PORT=8765", "FOOSERVICE_PORT_8765_TCP_ADDR=");
  }
}

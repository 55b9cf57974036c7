package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/kubectl/kubectl.go and logs.go: the kubectl client specs, through the real kubectl. */
@EnableKlite
class KubectlClientIT {
  private static final Duration RUNNING = Duration.ofSeconds(60);
  KubernetesClient client;
  Klite klite;

  private void runPod(String name, String script) {
    klite.kubectl("run", name, "--restart=Never", "--image=" + TestPods.IMAGE, "--command", "--", "sh", "-c", script).orThrow();
  }

  @Test
  @Conformance("[sig-cli] Kubectl client Kubectl api-versions should check if v1 is in available api versions")
  void kubectlClientKubectlApiVersionsShouldCheckIfV1IsInAvailableApiVersions() {
    assertThat(klite.kubectl("api-versions").orThrow().lines()).contains("v1", "batch/v1");
  }

  @Test
  @Conformance("[sig-cli] Kubectl client Kubectl version should check is all data is printed")
  void kubectlClientKubectlVersionShouldCheckIsAllDataIsPrinted() {
    String out = klite.kubectl("version").orThrow();
    assertThat(out).containsPattern("Client Version: v1\\.\\d+").containsPattern("Server Version: v1\\.\\d+");
    assertThat(klite.kubectl("version", "-o", "json").orThrow())
        .contains("\"serverVersion\"").contains("\"gitVersion\"").contains("\"major\"").contains("\"minor\"").contains("\"platform\"");
  }

  @Test
  @Conformance("[sig-cli] Kubectl client Kubectl run pod should create a pod from an image when restart is Never")
  void kubectlClientKubectlRunPodShouldCreateAPodFromAnImageWhenRestartIsNever() {
    String out = klite.kubectl("run", "e2e-test-httpd-pod", "--restart=Never", "--image=" + TestPods.IMAGE, "--command", "--", "sleep", "3600").orThrow();
    assertThat(out).contains("pod/e2e-test-httpd-pod created");
    Pod pod = client.pods().withName("e2e-test-httpd-pod").get();
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(TestPods.IMAGE);
  }

  @Test
  @Conformance("[sig-cli] Kubectl client Kubectl label should update the label on a resource")
  void kubectlClientKubectlLabelShouldUpdateTheLabelOnAResource() {
    runPod("pause", "sleep 3600");
    assertThat(klite.kubectl("label", "pods", "pause", "testing-label=testing-label-value").orThrow()).contains("pod/pause labeled");
    assertThat(klite.kubectl("get", "pod", "pause", "-L", "testing-label").orThrow()).contains("testing-label-value");
    assertThat(klite.kubectl("label", "pods", "pause", "testing-label-").orThrow()).contains("pod/pause unlabeled");
    assertThat(klite.kubectl("get", "pod", "pause", "-L", "testing-label").orThrow()).doesNotContain("testing-label-value");
  }

  @Test
  @Conformance("[sig-cli] Kubectl client Kubectl replace should update a single-container pod's image")
  void kubectlClientKubectlReplaceShouldUpdateASingleContainerPodSImage() {
    runPod("e2e-test-httpd-pod", "sleep 3600");
    TestPods.await(client, "e2e-test-httpd-pod", RUNNING, TestPods.phase("Running"));
    String json = klite.kubectl("get", "pod", "e2e-test-httpd-pod", "-o", "json").orThrow();
    String changed = json.replace("\"image\": \"" + TestPods.IMAGE + "\"", "\"image\": \"busybox:1.36\"");
    assertThat(changed).isNotEqualTo(json);
    assertThat(klite.kubectl().runWithStdin(changed, "replace", "-f", "-").orThrow()).contains("pod/e2e-test-httpd-pod replaced");
    assertThat(client.pods().withName("e2e-test-httpd-pod").get().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox:1.36");
  }

  @Test
  @Conformance("[sig-cli] Kubectl client Kubectl server-side dry-run should check if kubectl can dry-run update Pods")
  void kubectlClientKubectlServerSideDryRunShouldCheckIfKubectlCanDryRunUpdatePods() {
    runPod("e2e-test-httpd-pod", "sleep 3600");
    String out = klite.kubectl("patch", "pod", "e2e-test-httpd-pod", "--dry-run=server", "-o", "jsonpath={.spec.containers[0].image}",
        "-p", "{\"spec\":{\"containers\":[{\"name\":\"e2e-test-httpd-pod\",\"image\":\"busybox:1.36\"}]}}").orThrow();
    assertThat(out).isEqualTo("busybox:1.36");
    assertThat(client.pods().withName("e2e-test-httpd-pod").get().getSpec().getContainers().get(0).getImage()).isEqualTo(TestPods.IMAGE);
  }

  @Test
  @Conformance("[sig-cli] Kubectl logs logs should be able to retrieve and filter logs")
  void kubectlLogsLogsShouldBeAbleToRetrieveAndFilterLogs() {
    runPod("logs-generator", "for i in 1 2 3 4 5 6 7 8 9 10; do echo \"line $i of the log\"; done; sleep 3600");
    await().atMost(RUNNING).ignoreExceptions().until(() -> klite.kubectl("logs", "logs-generator").orThrow().lines().count() == 10);

    assertThat(klite.kubectl("logs", "logs-generator", "--tail=1").orThrow()).isEqualTo("line 10 of the log\n");
    assertThat(klite.kubectl("logs", "logs-generator", "--limit-bytes=1").orThrow()).isEqualTo("l");
    assertThat(klite.kubectl("logs", "logs-generator", "--tail=1", "--timestamps").orThrow())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z line 10 of the log\n");
    assertThat(klite.kubectl("logs", "logs-generator", "--since=24h").orThrow().lines()).hasSize(10);
    await().atMost(Duration.ofSeconds(10)).until(() -> klite.kubectl("logs", "logs-generator", "--since=1s").orThrow().isEmpty());
  }
}

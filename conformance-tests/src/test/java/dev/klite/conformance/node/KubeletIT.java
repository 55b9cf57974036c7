package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/kubelet.go. */
@EnableKlite
class KubeletIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  KubernetesClient client;

  @Test
  @Conformance("[sig-node] Kubelet when scheduling a busybox command in a pod should print the output to logs")
  void kubeletWhenSchedulingABusyboxCommandInAPodShouldPrintTheOutputToLogs() {
    client.pods().resource(TestPods.shell("busybox-scheduling", "Never", "echo 'Hello World'").build()).create();
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(TestPods.log(client, "busybox-scheduling")).isEqualTo("Hello World\n"));
  }

  @Test
  @Conformance("[sig-node] Kubelet when scheduling a busybox command that always fails in a pod should have an terminated reason")
  void kubeletWhenSchedulingABusyboxCommandThatAlwaysFailsInAPodShouldHaveAnTerminatedReason() {
    client.pods().resource(TestPods.shell("bin-false", "Never", "/bin/false").build()).create();
    Pod pod = TestPods.await(client, "bin-false", WAIT, p -> p.getStatus().getContainerStatuses() != null
        && !p.getStatus().getContainerStatuses().isEmpty()
        && p.getStatus().getContainerStatuses().get(0).getState().getTerminated() != null);
    ContainerStateTerminated terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getExitCode()).isEqualTo(1);
  }

  @Test
  @Conformance("[sig-node] Kubelet when scheduling a busybox command that always fails in a pod should be possible to delete")
  void kubeletWhenSchedulingABusyboxCommandThatAlwaysFailsInAPodShouldBePossibleToDelete() {
    client.pods().resource(TestPods.shell("bin-false", "Always", "/bin/false").build()).create();
    TestPods.await(client, "bin-false", WAIT, p -> p.getStatus().getContainerStatuses() != null
        && !p.getStatus().getContainerStatuses().isEmpty());
    client.pods().withName("bin-false").delete();
    await().atMost(WAIT).until(() -> client.pods().withName("bin-false").get() == null);
  }
}

package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/init_container.go. */
@EnableKlite(backoff = "PT1S")
class InitContainerIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  KubernetesClient client;

  private Pod pod(String policy, String init1, String run1) {
    return new PodBuilder().withNewMetadata().withName("pod-init").endMetadata()
        .withNewSpec().withRestartPolicy(policy).withTerminationGracePeriodSeconds(1L)
        .addNewInitContainer().withName("init1").withImage(TestPods.IMAGE).withCommand("sh", "-c", init1).endInitContainer()
        .addNewInitContainer().withName("init2").withImage(TestPods.IMAGE).withCommand("sh", "-c", "true").endInitContainer()
        .addNewContainer().withName("run1").withImage(TestPods.IMAGE).withCommand("sh", "-c", run1).endContainer()
        .endSpec().build();
  }

  private static PodCondition condition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static void assertInitsCompleted(Pod pod) {
    List<ContainerStatus> inits = pod.getStatus().getInitContainerStatuses();
    assertThat(inits).hasSize(2).allSatisfy(s -> {
      assertThat(s.getState().getTerminated()).isNotNull();
      assertThat(s.getState().getTerminated().getReason()).isEqualTo("Completed");
      assertThat(s.getState().getTerminated().getExitCode()).isZero();
    });
  }

  @Test
  @Conformance("[sig-node] InitContainer should invoke init containers on a RestartNever pod")
  void initcontainerShouldInvokeInitContainersOnARestartneverPod() {
    client.pods().resource(pod("Never", "true", "true")).create();
    Pod done = TestPods.await(client, "pod-init", WAIT, TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(condition(done, "Initialized").getStatus()).isEqualTo("True");
    assertInitsCompleted(done);
  }

  @Test
  @Conformance("[sig-node] InitContainer should invoke init containers on a RestartAlways pod")
  void initcontainerShouldInvokeInitContainersOnARestartalwaysPod() {
    client.pods().resource(pod("Always", "true", "sleep 3600")).create();
    Pod running = TestPods.await(client, "pod-init", WAIT, TestPods.phase("Running"));
    assertThat(condition(running, "Initialized").getStatus()).isEqualTo("True");
    assertInitsCompleted(running);
  }

  @Test
  @Conformance("[sig-node] InitContainer should not start app containers and fail the pod if init containers fail on a RestartNever pod")
  void initcontainerShouldNotStartAppContainersAndFailThePodIfInitContainersFailOnARestartneverPod() {
    client.pods().resource(pod("Never", "false", "true")).create();
    Pod failed = TestPods.await(client, "pod-init", WAIT, TestPods.phase("Failed"));
    PodCondition initialized = condition(failed, "Initialized");
    assertThat(initialized.getStatus()).isEqualTo("False");
    assertThat(initialized.getReason()).isEqualTo("ContainersNotInitialized");
    ContainerStatus init1 = failed.getStatus().getInitContainerStatuses().get(0);
    assertThat(init1.getState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(failed.getStatus().getInitContainerStatuses().get(1).getState().getTerminated()).isNull();
    assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNull();
    assertThat(failed.getStatus().getContainerStatuses().get(0).getState().getTerminated()).isNull();
  }

  @Test
  @Conformance("[sig-node] InitContainer should not start app containers if init containers fail on a RestartAlways pod")
  void initcontainerShouldNotStartAppContainersIfInitContainersFailOnARestartalwaysPod() {
    client.pods().resource(pod("Always", "false", "sleep 3600")).create();
    Pod pod = TestPods.await(client, "pod-init", WAIT, p -> p.getStatus().getInitContainerStatuses() != null
        && !p.getStatus().getInitContainerStatuses().isEmpty()
        && p.getStatus().getInitContainerStatuses().get(0).getRestartCount() >= 3);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(condition(pod, "Initialized").getStatus()).isEqualTo("False");
    assertThat(pod.getStatus().getInitContainerStatuses().get(1).getState().getWaiting()).isNotNull();
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting()).isNotNull();
  }
}

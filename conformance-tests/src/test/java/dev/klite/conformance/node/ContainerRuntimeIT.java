package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/runtime.go ("Container Runtime blackbox test"). */
@EnableKlite(backoff = "PT1S")
class ContainerRuntimeIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  KubernetesClient client;

  /** Exits 1 on the first run, 0 on the second, then runs forever: the restart policy decides what the pod does. */
  private static final String RESTART_COUNTING = "f=/restart-count/restartCount; echo hello >> $f; count=$(wc -l < $f);"
      + " if [ $count -eq 1 ]; then exit 1; fi; if [ $count -eq 2 ]; then exit 0; fi; while true; do sleep 1; done";

  private ContainerStatus runRestartCounting(String name, String policy, String phase, int restarts) {
    client.pods().resource(new PodBuilder(TestPods.shell(name, policy, RESTART_COUNTING).build()).editSpec()
        .addNewVolume().withName("restart-count").withNewEmptyDir().endEmptyDir().endVolume()
        .editFirstContainer().addNewVolumeMount().withName("restart-count").withMountPath("/restart-count").endVolumeMount()
        .endContainer().endSpec().build()).create();
    Pod pod = TestPods.await(client, name, WAIT, p -> phase.equals(p.getStatus().getPhase())
        && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
        && p.getStatus().getContainerStatuses().get(0).getRestartCount() == restarts
        && ("Running".equals(phase) ? p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null : true));
    return pod.getStatus().getContainerStatuses().get(0);
  }

  @Test
  @Conformance("[sig-node] Container Runtime blackbox test when starting a container that exits should run with the expected status")
  void containerRuntimeBlackboxTestWhenStartingAContainerThatExitsShouldRunWithTheExpectedStatus() {
    ContainerStatus always = runRestartCounting("terminate-cmd-rpa", "Always", "Running", 2);
    assertThat(always.getReady()).isTrue();
    ContainerStatus onFailure = runRestartCounting("terminate-cmd-rpof", "OnFailure", "Succeeded", 1);
    assertThat(onFailure.getState().getTerminated()).isNotNull();
    assertThat(onFailure.getState().getTerminated().getExitCode()).isZero();
    ContainerStatus never = runRestartCounting("terminate-cmd-rpn", "Never", "Failed", 0);
    assertThat(never.getState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(never.getReady()).isFalse();
  }

  private String terminationMessage(Pod pod, String expectedPhase) {
    client.pods().resource(pod).create();
    String name = pod.getMetadata().getName();
    Pod done = TestPods.await(client, name, WAIT, TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    assertThat(done.getStatus().getPhase()).isEqualTo(expectedPhase);
    String message = done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage();
    return message == null ? "" : message;
  }

  @Test
  @Conformance("[sig-node] Container Runtime blackbox test on terminated container should report termination message if TerminationMessagePath is set as non-root user and at a non-default path")
  void containerRuntimeBlackboxTestOnTerminatedContainerShouldReportTerminationMessageIfTerminationmessagepathIsSetAsNonRootUserAndAtANonDefaultPath() {
    Pod pod = new PodBuilder(TestPods.shell("termination-message-container", "Never",
        "/bin/echo -n DONE > /dev/termination-custom-log").build()).editSpec().editFirstContainer()
        .withTerminationMessagePath("/dev/termination-custom-log").withNewSecurityContext().withRunAsUser(1000L).endSecurityContext()
        .endContainer().endSpec().build();
    assertThat(terminationMessage(pod, "Succeeded")).isEqualTo("DONE");
  }

  @Test
  @Conformance("[sig-node] Container Runtime blackbox test on terminated container should report termination message from log output if TerminationMessagePolicy FallbackToLogsOnError is set")
  void containerRuntimeBlackboxTestOnTerminatedContainerShouldReportTerminationMessageFromLogOutputIfTerminationmessagepolicyFallbacktologsonerrorIsSet() {
    Pod pod = new PodBuilder(TestPods.shell("termination-message-container", "Never", "/bin/echo -n DONE; /bin/false").build())
        .editSpec().editFirstContainer().withTerminationMessagePolicy("FallbackToLogsOnError").endContainer().endSpec().build();
    assertThat(terminationMessage(pod, "Failed")).isEqualTo("DONE");
  }

  @Test
  @Conformance("[sig-node] Container Runtime blackbox test on terminated container should report termination message as empty when pod succeeds and TerminationMessagePolicy FallbackToLogsOnError is set")
  void containerRuntimeBlackboxTestOnTerminatedContainerShouldReportTerminationMessageAsEmptyWhenPodSucceedsAndTerminationmessagepolicyFallbacktologsonerrorIsSet() {
    Pod pod = new PodBuilder(TestPods.shell("termination-message-container", "Never", "/bin/echo -n DONE; /bin/true").build())
        .editSpec().editFirstContainer().withTerminationMessagePolicy("FallbackToLogsOnError").endContainer().endSpec().build();
    assertThat(terminationMessage(pod, "Succeeded")).isEmpty();
  }

  @Test
  @Conformance("[sig-node] Container Runtime blackbox test on terminated container should report termination message from file when pod succeeds and TerminationMessagePolicy FallbackToLogsOnError is set")
  void containerRuntimeBlackboxTestOnTerminatedContainerShouldReportTerminationMessageFromFileWhenPodSucceedsAndTerminationmessagepolicyFallbacktologsonerrorIsSet() {
    Pod pod = new PodBuilder(TestPods.shell("termination-message-container", "Never", "/bin/echo -n OK > /dev/termination-log; /bin/true").build())
        .editSpec().editFirstContainer().withTerminationMessagePolicy("FallbackToLogsOnError").endContainer().endSpec().build();
    assertThat(terminationMessage(pod, "Succeeded")).isEqualTo("OK");
  }
}

package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");

  private static PodSpec spec(String restartPolicy, List<String> inits, List<String> containers) {
    PodBuilder b = new PodBuilder();
    var s = b.withNewSpec().withRestartPolicy(restartPolicy);
    inits.forEach(n -> s.addNewInitContainer().withName(n).endInitContainer());
    containers.forEach(n -> s.addNewContainer().withName(n).endContainer());
    return s.endSpec().build().getSpec();
  }

  static ContainerStatus running(String name) {
    ContainerStatus s = status(name, new ContainerState(new ContainerStateRunning("2026-01-01T00:00:00Z"), null,
        null));
    s.setReady(true);
    return s;
  }

  static ContainerStatus terminated(String name, int code) {
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(code);
    return status(name, new ContainerState(null, t, null));
  }

  static ContainerStatus waiting(String name, String reason) {
    return status(name, new ContainerState(null, null, new ContainerStateWaiting(null, reason)));
  }

  static ContainerStatus restarting(String name, int lastCode) {
    ContainerStatus s = waiting(name, "CrashLoopBackOff");
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(lastCode);
    s.setLastState(new ContainerState(null, t, null));
    return s;
  }

  private static ContainerStatus status(String name, ContainerState state) {
    ContainerStatus s = new ContainerStatus();
    s.setName(name);
    s.setState(state);
    s.setReady(false);
    return s;
  }

  static Stream<Arguments> phases() {
    List<String> one = List.of("main");
    List<String> two = List.of("a", "b");
    return Stream.of(
        Arguments.of(Named.of("no statuses yet", spec("Never", List.of(), one)), List.of(), List.of(), false,
            "Pending"),
        Arguments.of(Named.of("waiting", spec("Never", List.of(), one)), List.of(),
            List.of(waiting("main", "ContainerCreating")), false, "Pending"),
        Arguments.of(Named.of("running", spec("Never", List.of(), one)), List.of(), List.of(running("main")), false,
            "Running"),
        Arguments.of(Named.of("exit 0 Never", spec("Never", List.of(), one)), List.of(),
            List.of(terminated("main", 0)), false, "Succeeded"),
        Arguments.of(Named.of("exit 1 Never", spec("Never", List.of(), one)), List.of(),
            List.of(terminated("main", 1)), false, "Failed"),
        Arguments.of(Named.of("exit 1 OnFailure restarting", spec("OnFailure", List.of(), one)), List.of(),
            List.of(restarting("main", 1)), false, "Running"),
        Arguments.of(Named.of("exit 0 Always", spec("Always", List.of(), one)), List.of(),
            List.of(terminated("main", 0)), false, "Running"),
        Arguments.of(Named.of("exit 0 Always, pod terminal", spec("Always", List.of(), one)), List.of(),
            List.of(terminated("main", 0)), true, "Succeeded"),
        Arguments.of(Named.of("one running one failed Never", spec("Never", List.of(), two)), List.of(),
            List.of(running("a"), terminated("b", 1)), false, "Running"),
        Arguments.of(Named.of("one succeeded one failed Never", spec("Never", List.of(), two)), List.of(),
            List.of(terminated("a", 0), terminated("b", 2)), false, "Failed"),
        Arguments.of(Named.of("init running", spec("Never", List.of("init"), one)), List.of(running("init")),
            List.of(waiting("main", "PodInitializing")), false, "Pending"),
        Arguments.of(Named.of("init failed Never", spec("Never", List.of("init"), one)),
            List.of(terminated("init", 1)), List.of(waiting("main", "PodInitializing")), false, "Failed"),
        Arguments.of(Named.of("init failed OnFailure", spec("OnFailure", List.of("init"), one)),
            List.of(restarting("init", 1)), List.of(waiting("main", "PodInitializing")), false, "Pending"),
        Arguments.of(Named.of("init done, main running", spec("Never", List.of("init"), one)),
            List.of(terminated("init", 0)), List.of(running("main")), false, "Running"));
  }

  @ParameterizedTest
  @MethodSource("phases")
  void computesThePhaseLikeGetPhase(PodSpec spec, List<ContainerStatus> inits, List<ContainerStatus> statuses,
      boolean terminal, String expected) {
    assertThat(PodPhases.phase(spec, inits, statuses, terminal)).isEqualTo(expected);
  }

  private static Pod pod(PodSpec spec, PodStatus status) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
        .withSpec(spec).withStatus(status).build();
  }

  private static List<String> summary(PodStatus s) {
    return s.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "/"
        + c.getMessage()).toList();
  }

  @Test
  void runningPodIsReady() {
    PodSpec spec = spec("Never", List.of(), List.of("main"));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), null, List.of(),
        List.of(running("main")), false, true, "10.0.0.1", NOW, null, null, NOW));
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(summary(s)).containsExactly("PodReadyToStartContainers=True/null/null", "Initialized=True/null/null",
        "Ready=True/null/null", "ContainersReady=True/null/null", "PodScheduled=True/null/null");
    assertThat(s.getPodIP()).isEqualTo("10.0.0.1");
    assertThat(s.getHostIPs()).extracting(h -> h.getIp()).containsExactly("10.0.0.1");
    assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:00:10Z");
  }

  @Test
  void waitingPodListsUnreadyContainers() {
    PodSpec spec = spec("Never", List.of(), List.of("a", "b"));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), null, List.of(),
        List.of(waiting("a", "ContainerCreating"), waiting("b", "ContainerCreating")), false, true, "10.0.0.1", NOW,
        null, null, NOW));
    assertThat(summary(s)).contains("Ready=False/ContainersNotReady/containers with unready status: [a b]",
        "ContainersReady=False/ContainersNotReady/containers with unready status: [a b]");
  }

  @Test
  void initializingPodListsIncompleteInitContainers() {
    PodSpec spec = spec("Never", List.of("i1", "i2"), List.of("main"));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), null,
        List.of(running("i1"), waiting("i2", "PodInitializing")), List.of(waiting("main", "PodInitializing")), false,
        true, "10.0.0.1", NOW, null, null, NOW));
    assertThat(s.getPhase()).isEqualTo("Pending");
    assertThat(summary(s)).contains(
        "Initialized=False/ContainersNotInitialized/containers with incomplete status: [i1 i2]");
  }

  @Test
  void failedPodReportsPodFailedAndTornDownSandbox() {
    PodSpec spec = spec("Never", List.of(), List.of("main"));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), null, List.of(),
        List.of(terminated("main", 1)), false, true, "10.0.0.1", NOW, null, null, NOW));
    assertThat(s.getPhase()).isEqualTo("Failed");
    assertThat(summary(s)).containsExactly("PodReadyToStartContainers=False/null/null", "Initialized=True/null/null",
        "Ready=False/PodFailed/null", "ContainersReady=False/PodFailed/null", "PodScheduled=True/null/null");
  }

  @Test
  void keepsTransitionTimesOfUnchangedConditionsAndForeignConditionsAndQos() {
    PodSpec spec = spec("Never", List.of(), List.of("main"));
    PodCondition scheduled = new PodConditionBuilder().withType("PodScheduled").withStatus("True")
        .withLastTransitionTime("2026-01-01T00:00:01Z").build();
    PodCondition disruption = new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
        .withReason("TerminationByKubelet").withLastTransitionTime("2026-01-01T00:00:02Z").build();
    PodStatus current = new PodStatus();
    current.setQosClass("BestEffort");
    current.setConditions(List.of(scheduled, disruption));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, current), null, List.of(),
        List.of(running("main")), false, true, "10.0.0.1", NOW, null, null, NOW));
    assertThat(s.getQosClass()).isEqualTo("BestEffort");
    assertThat(s.getConditions()).filteredOn(c -> "PodScheduled".equals(c.getType()))
        .extracting(PodCondition::getLastTransitionTime).containsExactly("2026-01-01T00:00:01Z");
    assertThat(s.getConditions()).extracting(PodCondition::getType).endsWith("DisruptionTarget");
  }

  @Test
  void aTerminalPhaseNeverChanges() {
    PodSpec spec = spec("Always", List.of(), List.of("main"));
    PodStatus previous = new PodStatus();
    previous.setPhase("Succeeded");
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), previous, List.of(),
        List.of(running("main")), false, true, "10.0.0.1", NOW, null, null, NOW));
    assertThat(s.getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void deadlineExceededFailsThePodWithUpstreamReasonAndMessage() {
    PodSpec spec = spec("Never", List.of(), List.of("main"));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), null, List.of(),
        List.of(terminated("main", 137)), true, true, "10.0.0.1", NOW, PodStatusBuilder.DEADLINE_EXCEEDED,
        PodStatusBuilder.DEADLINE_EXCEEDED_MESSAGE, NOW));
    assertThat(s.getPhase()).isEqualTo("Failed");
    assertThat(s.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(s.getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
  }

  @Test
  void aPodStoppedBeforeItsContainersRanIsFailedWhenTerminal() {
    PodSpec spec = spec("Never", List.of(), List.of("main"));
    PodStatus s = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(spec, null), null, List.of(),
        List.of(waiting("main", "CreateContainerError")), true, true, "10.0.0.1", NOW, null, null, NOW));
    assertThat(s.getPhase()).isEqualTo("Failed");
  }
}

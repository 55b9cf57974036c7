package dev.klite.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodFailurePolicyEvaluatorTest {

  static Pod failedPod(int exitCode, String condition) {
    PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").endMetadata()
        .withNewStatus().withPhase("Failed")
          .addNewContainerStatus().withName("main").withNewState().withNewTerminated().withExitCode(exitCode)
          .endTerminated().endState().endContainerStatus()
        .endStatus();
    if (condition != null) {
      b.editStatus().addNewCondition().withType(condition).withStatus("True").endCondition().endStatus();
    }
    return b.build();
  }

  static PodFailurePolicy policy() {
    return new PodFailurePolicyBuilder()
        .addNewRule().withAction("Unknown").withNewOnExitCodes().withOperator("In").withValues(42).endOnExitCodes()
        .endRule()
        .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("main").withOperator("In")
          .withValues(42).endOnExitCodes().endRule()
        .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").endOnPodCondition()
        .endRule()
        .addNewRule().withAction("Count").withNewOnExitCodes().withOperator("NotIn").withValues(1, 2).endOnExitCodes()
        .endRule()
        .build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("exit 42 fails the Job (unknown action skipped)", failedPod(42, null), "FailJob",
            "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1"),
        Arguments.of("disruption is ignored", failedPod(1, "DisruptionTarget"), "Ignore", null),
        Arguments.of("exit 3 is counted by NotIn", failedPod(3, null), "Count", null),
        Arguments.of("exit 1 matches nothing", failedPod(1, null), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstMatchingRuleWins(String name, Pod pod, String action, String message) {
    Optional<PodFailurePolicyEvaluator.Match> m = PodFailurePolicyEvaluator.match(policy(), pod);
    assertThat(m.map(PodFailurePolicyEvaluator.Match::action)).isEqualTo(Optional.ofNullable(action));
    assertThat(m.flatMap(PodFailurePolicyEvaluator.Match::failJobMessage)).isEqualTo(Optional.ofNullable(message));
  }
}

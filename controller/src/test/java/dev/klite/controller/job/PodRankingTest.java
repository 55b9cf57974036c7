package dev.klite.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodRankingTest {

  /** A pod; {@code readySince} null means not ready. */
  static Pod pod(String name, String node, String phase, String readySince, int restarts, String created) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata()
        .withNewSpec().withNodeName(node).endSpec()
        .withNewStatus().withPhase(phase)
          .addNewContainerStatus().withName("c").withRestartCount(restarts).endContainerStatus()
          .addNewContainerStatus().withName("d").withRestartCount(0).endContainerStatus()
        .endStatus();
    if (readySince != null) {
      b.editStatus().addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(readySince)
          .endCondition().endStatus();
    }
    return b.build();
  }

  static final String T1 = "2026-01-01T00:00:01Z";
  static final String T2 = "2026-01-01T00:00:02Z";

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("unscheduled before scheduled", pod("a", null, "Pending", null, 0, T1),
            pod("b", "n", "Pending", null, 0, T2)),
        Arguments.of("pending before unknown", pod("a", "n", "Pending", null, 0, T1), pod("b", "n", "Unknown", null, 0, T2)),
        Arguments.of("unknown before running", pod("a", "n", "Unknown", null, 0, T1), pod("b", "n", "Running", null, 0, T2)),
        Arguments.of("not ready before ready", pod("a", "n", "Running", null, 0, T1), pod("b", "n", "Running", T1, 0, T2)),
        Arguments.of("ready for a shorter time first", pod("a", "n", "Running", T2, 0, T1),
            pod("b", "n", "Running", T1, 0, T2)),
        Arguments.of("more restarts of one container first", pod("a", "n", "Running", T1, 3, T1),
            pod("b", "n", "Running", T1, 2, T2)),
        Arguments.of("newer first", pod("a", "n", "Running", T1, 0, T2), pod("b", "n", "Running", T1, 0, T1)),
        Arguments.of("no creation time first", pod("a", "n", "Running", T1, 0, null), pod("b", "n", "Running", T1, 0, T1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void lessValuableSortsFirst(String name, Pod lessValuable, Pod moreValuable) {
    List<Pod> pods = new ArrayList<>(List.of(moreValuable, lessValuable));
    pods.sort(PodRanking.LEAST_VALUABLE_FIRST);
    assertThat(pods).containsExactly(lessValuable, moreValuable);
    pods.sort(PodRanking.LEAST_VALUABLE_FIRST.reversed());
    assertThat(pods).containsExactly(moreValuable, lessValuable);
  }
}

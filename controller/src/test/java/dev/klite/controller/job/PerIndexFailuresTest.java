package dev.klite.controller.job;

import static dev.klite.controller.job.JobFixtures.NOW;
import static dev.klite.controller.job.JobFixtures.finished;
import static dev.klite.controller.job.JobFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PerIndexFailuresTest {

  static Job perIndexJob(int limit, Integer maxFailed, String failJobExitCodeAction) {
    Job job = job(2, 4, Integer.MAX_VALUE);
    job.getSpec().setCompletionMode("Indexed");
    job.getSpec().setBackoffLimitPerIndex(limit);
    job.getSpec().setMaxFailedIndexes(maxFailed);
    if (failJobExitCodeAction != null) {
      job.getSpec().setPodFailurePolicy(new PodFailurePolicyBuilder().addNewRule().withAction(failJobExitCodeAction)
          .withNewOnExitCodes().withOperator("In").withValues(1).endOnExitCodes().endRule().build());
    }
    return job;
  }

  static Pod failedPod(Job job, String name, int index, Integer failures, Integer ignored, int secondsAgo) {
    PodBuilder b = new PodBuilder(finished(job, name, false, NOW.minusSeconds(secondsAgo))).editMetadata()
        .addToAnnotations(IndexedJobs.COMPLETION_INDEX, Integer.toString(index)).endMetadata();
    if (failures != null) {
      b.editMetadata().addToAnnotations(PerIndexFailures.FAILURE_COUNT, failures.toString()).endMetadata();
    }
    if (ignored != null) {
      b.editMetadata().addToAnnotations(PerIndexFailures.IGNORED_FAILURE_COUNT, ignored.toString()).endMetadata();
    }
    return b.build();
  }

  static Stream<Arguments> indexFailure() {
    Job plain = perIndexJob(1, null, null);
    return Stream.of(
        Arguments.of("first failure is below the limit", plain, failedPod(plain, "a", 0, 0, null, 1), false),
        Arguments.of("failure at the limit fails the index", plain, failedPod(plain, "a", 0, 1, null, 1), true),
        Arguments.of("missing annotation counts 0", plain, failedPod(plain, "a", 0, null, null, 1), false),
        Arguments.of("FailIndex rule fails at once", perIndexJob(3, null, "FailIndex"),
            failedPod(plain, "a", 0, 0, null, 1), true),
        Arguments.of("Ignore rule never fails the index", perIndexJob(1, null, "Ignore"),
            failedPod(plain, "a", 0, 5, null, 1), false),
        Arguments.of("running pod is not failed", plain, JobFixtures.pod(plain, "r", "Running"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexFailure")
  void isIndexFailed(String name, Job job, Pod pod, boolean expected) {
    assertThat(PerIndexFailures.isIndexFailed(job, pod, true)).isEqualTo(expected);
  }

  static Stream<Arguments> annotations() {
    Job plain = perIndexJob(2, null, null);
    return Stream.of(
        Arguments.of("first attempt", plain, null, Map.of(PerIndexFailures.FAILURE_COUNT, "0")),
        Arguments.of("replacing a counted failure", plain, failedPod(plain, "a", 0, 1, null, 1),
            Map.of(PerIndexFailures.FAILURE_COUNT, "2")),
        Arguments.of("replacing an ignored failure", perIndexJob(2, null, "Ignore"), failedPod(plain, "a", 0, 1, 2, 1),
            Map.of(PerIndexFailures.FAILURE_COUNT, "1", PerIndexFailures.IGNORED_FAILURE_COUNT, "3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("annotations")
  void newPodAnnotations(String name, Job job, Pod replaced, Map<String, String> expected) {
    assertThat(PerIndexFailures.newPodAnnotations(job, replaced)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of("no failed index", null, List.of(), List.of(0, 1), Optional.empty()),
        Arguments.of("more failed indexes than allowed", 1, List.of(0, 2), List.of(),
            Optional.of("MaxFailedIndexesExceeded")),
        Arguments.of("within maxFailedIndexes, indexes still pending", 2, List.of(0, 2), List.of(1), Optional.empty()),
        Arguments.of("all indexes done, some failed", null, List.of(3), List.of(0, 1, 2), Optional.of("FailedIndexes")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void finishedCondition(String name, Integer maxFailed, List<Integer> failed, List<Integer> succeeded,
      Optional<String> reason) {
    Optional<JobCondition> c = PerIndexFailures.finishedCondition(perIndexJob(1, maxFailed, null),
        new TreeSet<>(failed), new TreeSet<>(succeeded), 4, NOW);
    assertThat(c.map(JobCondition::getReason)).isEqualTo(reason);
    c.ifPresent(cond -> assertThat(cond.getType()).isEqualTo("FailureTarget"));
  }

  @Test
  void failedIndexesMergeTheStatusWithNewlyFailedPods() {
    Job job = perIndexJob(1, null, null);
    job.getStatus().setFailedIndexes("3");
    Pod atLimit = failedPod(job, "a", 1, 1, null, 1);
    Pod belowLimit = failedPod(job, "b", 2, 0, null, 1);
    assertThat(PerIndexFailures.failedIndexes(job, List.of(atLimit, belowLimit), true, 4)).containsExactly(1, 3);
  }

  @Test
  void perIndexBackoffGrowsWithTheFailuresOfTheIndex() {
    Job job = perIndexJob(5, null, null);
    Duration base = Duration.ofSeconds(10);
    Duration max = Duration.ofMinutes(10);
    assertThat(PerIndexFailures.remaining(failedPod(job, "a", 0, 0, null, 4), NOW, base, max))
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(PerIndexFailures.remaining(failedPod(job, "a", 0, 2, null, 4), NOW, base, max))
        .isEqualTo(Duration.ofSeconds(36));
  }

  @Test
  void lastFailedPodOfAnIndexIsTheOneWithMostFailures() {
    Job job = perIndexJob(5, null, null);
    Pod older = failedPod(job, "a", 0, 0, null, 30);
    Pod newer = failedPod(job, "b", 0, 1, null, 5);
    assertThat(PerIndexFailures.lastFailedPerIndex(List.of(newer, older), true, 4)).containsExactly(Map.entry(0, newer));
  }
}

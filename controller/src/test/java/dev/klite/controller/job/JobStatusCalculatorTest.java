package dev.klite.controller.job;

import static dev.klite.controller.job.JobFixtures.NOW;
import static dev.klite.controller.job.JobFixtures.job;
import static dev.klite.controller.job.JobFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStatusCalculatorTest {

  static Stream<Arguments> wantActive() {
    return Stream.of(
        Arguments.of("parallelism below remaining", 2, 4, 0, 0, 2),
        Arguments.of("remaining below parallelism", 2, 4, 3, 1, 1),
        Arguments.of("all done", 2, 4, 4, 0, 0),
        Arguments.of("more succeeded than completions", 2, 4, 5, 0, 0),
        Arguments.of("work queue, none succeeded", 3, null, 0, 0, 3),
        Arguments.of("work queue, one succeeded keeps active", 3, null, 1, 2, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wantActive")
  void wantActiveFollowsManageJobArithmetic(String name, int parallelism, Integer completions, int succeeded, int active,
      int expected) {
    assertThat(JobStatusCalculator.wantActive(job(parallelism, completions, 6), active, succeeded)).isEqualTo(expected);
  }

  static Stream<Arguments> backoffLimit() {
    return Stream.of(
        Arguments.of("Never: failed equal to limit is not past", "Never", 1, 1, 0, false),
        Arguments.of("Never: failed above limit", "Never", 1, 2, 0, true),
        Arguments.of("Never: limit 0 fails on the first failure", "Never", 0, 1, 0, true),
        Arguments.of("OnFailure: restarts reach the limit", "OnFailure", 2, 0, 2, true),
        Arguments.of("OnFailure: restarts below the limit", "OnFailure", 3, 0, 2, false),
        Arguments.of("OnFailure: limit 0 and one restart", "OnFailure", 0, 0, 1, true),
        Arguments.of("Never ignores restarts", "Never", 2, 0, 5, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backoffLimit")
  void pastBackoffLimit(String name, String restartPolicy, int limit, int failed, int restarts, boolean expected) {
    Job job = job(1, 1, limit);
    job.getSpec().getTemplate().getSpec().setRestartPolicy(restartPolicy);
    Pod running = new PodBuilder(pod(job, "p", "Running")).editStatus()
        .addNewContainerStatus().withName("c").withRestartCount(restarts).endContainerStatus().endStatus().build();
    assertThat(JobStatusCalculator.pastBackoffLimit(job, failed, List.of(running))).isEqualTo(expected);
  }

  @Test
  void backoffLimitGivesFailureTargetWithUpstreamReasonAndMessage() {
    JobCondition c = JobStatusCalculator.finishedCondition(job(1, 1, 0), 1, List.of(), NOW).orElseThrow();
    assertThat(c.getType()).isEqualTo("FailureTarget");
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(c.getMessage()).isEqualTo("Job has reached the specified backoff limit");
    assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z").isEqualTo(c.getLastProbeTime());
    assertThat(JobConditions.finalFor(c, NOW).getType()).isEqualTo("Failed");
  }

  @Test
  void existingSuccessCriteriaMetWinsOverLaterFailures() {
    Job job = job(1, 1, 0);
    job.getStatus().setConditions(List.of(JobConditions.newCondition("SuccessCriteriaMet", "CompletionsReached",
        "Reached expected number of succeeded pods", NOW)));
    assertThat(JobStatusCalculator.finishedCondition(job, 5, List.of(), NOW)).get()
        .extracting(JobCondition::getType).isEqualTo("SuccessCriteriaMet");
  }

  @Test
  void activeDeadlineCountsFromStartTimeAndNotWhileSuspended() {
    Job job = job(1, 1, 6);
    job.getSpec().setActiveDeadlineSeconds(30L);
    job.getStatus().setStartTime(NOW.minusSeconds(30).toString());
    assertThat(JobStatusCalculator.finishedCondition(job, 0, List.of(), NOW)).get()
        .extracting(JobCondition::getReason).isEqualTo("DeadlineExceeded");
    job.getSpec().setSuspend(true);
    assertThat(JobStatusCalculator.finishedCondition(job, 0, List.of(), NOW)).isEmpty();
  }

  @Test
  void completionsReachedNeedsNoActivePods() {
    assertThat(JobStatusCalculator.completionsReached(job(2, 4, 6), 4, 0)).isTrue();
    assertThat(JobStatusCalculator.completionsReached(job(2, 4, 6), 4, 1)).isFalse();
    assertThat(JobStatusCalculator.completionsReached(job(2, null, 6), 1, 0)).isTrue();
    assertThat(JobStatusCalculator.completionsReached(job(2, null, 6), 0, 0)).isFalse();
  }
}

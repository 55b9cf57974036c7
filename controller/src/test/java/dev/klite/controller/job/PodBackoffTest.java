package dev.klite.controller.job;

import static dev.klite.controller.job.JobFixtures.NOW;
import static dev.klite.controller.job.JobFixtures.finished;
import static dev.klite.controller.job.JobFixtures.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodBackoffTest {

  private static final Duration BASE = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofMinutes(10);
  private final Job job = job(1, 1, 6);

  static Stream<Arguments> delays() {
    return Stream.of(
        Arguments.of("no failures", 0, Duration.ZERO, Duration.ZERO),
        Arguments.of("first failure just now", 1, Duration.ZERO, Duration.ofSeconds(10)),
        Arguments.of("first failure 4s ago", 1, Duration.ofSeconds(4), Duration.ofSeconds(6)),
        Arguments.of("third failure doubles twice", 3, Duration.ZERO, Duration.ofSeconds(40)),
        Arguments.of("seventh failure: 640s is over the cap", 7, Duration.ZERO, MAX),
        Arguments.of("sixth failure", 6, Duration.ZERO, Duration.ofSeconds(320)),
        Arguments.of("capped at ten minutes", 20, Duration.ZERO, MAX),
        Arguments.of("delay already passed", 2, Duration.ofSeconds(30), Duration.ZERO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void remainingDelayDoublesFromTheBaseAndIsCapped(String name, int failures, Duration since, Duration expected) {
    PodBackoff b = new PodBackoff(failures, failures == 0 ? null : NOW.minus(since));
    assertThat(b.remaining(NOW, BASE, MAX)).isEqualTo(expected);
  }

  @Test
  void failuresAccumulateAndRememberTheLatestFinishTime() {
    Pod f1 = finished(job, "f1", false, NOW.minusSeconds(20));
    Pod f2 = finished(job, "f2", false, NOW.minusSeconds(5));
    PodBackoff b = PodBackoff.NONE.next(List.of(), List.of(f1)).next(List.of(), List.of(f2));
    assertThat(b).isEqualTo(new PodBackoff(2, NOW.minusSeconds(5)));
  }

  @Test
  void aSuccessResetsTheCountToFailuresThatFinishedAfterIt() {
    PodBackoff before = new PodBackoff(3, NOW.minusSeconds(100));
    Pod success = finished(job, "s", true, NOW.minusSeconds(50));
    Pod earlier = finished(job, "f1", false, NOW.minusSeconds(60));
    Pod later = finished(job, "f2", false, NOW.minusSeconds(10));
    assertThat(before.next(List.of(success), List.of(earlier, later))).isEqualTo(new PodBackoff(1, NOW.minusSeconds(10)));
    assertThat(before.next(List.of(success), List.of())).isEqualTo(PodBackoff.NONE);
  }

  @Test
  void noNewPodsLeavesTheRecordUnchanged() {
    PodBackoff b = new PodBackoff(2, NOW);
    assertThat(b.next(List.of(), List.of())).isSameAs(b);
  }

  @Test
  void finishTimeFallsBackToCreationTimestamp() {
    Pod p = JobFixtures.pod(job, "p", "Failed");
    assertThat(PodBackoff.finishTime(p)).isEqualTo(Instant.parse(p.getMetadata().getCreationTimestamp()));
  }
}

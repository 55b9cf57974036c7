package dev.klite.controller.ttl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TtlAfterFinishedReconcilerTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final FakeLister<Job> jobs = new FakeLister<>();
  private final List<String> deleted = new ArrayList<>();
  private Optional<Job> live = Optional.empty();
  private final JobDeleter deleter = new JobDeleter() {
    @Override
    public Optional<Job> get(String namespace, String name) {
      return live;
    }

    @Override
    public void deleteForeground(Job job) {
      deleted.add(job.getMetadata().getName());
    }
  };
  private final TtlAfterFinishedReconciler reconciler =
      new TtlAfterFinishedReconciler(jobs, deleter, Clock.fixed(NOW, ZoneOffset.UTC));
  private final ObjectKey key = new ObjectKey("ns", "j");

  static Job job(Integer ttl, String conditionType, Instant finishedAt) {
    JobBuilder b = new JobBuilder().withNewMetadata().withNamespace("ns").withName("j").withUid("u").endMetadata()
        .withNewSpec().withTtlSecondsAfterFinished(ttl).endSpec();
    if (conditionType != null) {
      b.withNewStatus().addNewCondition().withType(conditionType).withStatus("True")
          .withLastTransitionTime(finishedAt.toString()).endCondition().endStatus();
    }
    return b.build();
  }

  static Stream<Arguments> timeLeft() {
    return Stream.of(
        Arguments.of("no ttl", null, "Complete", NOW, null),
        Arguments.of("not finished", 10, null, NOW, null),
        Arguments.of("only FailureTarget", 10, "FailureTarget", NOW, null),
        Arguments.of("complete 4s ago with ttl 10", 10, "Complete", NOW.minusSeconds(4), Duration.ofSeconds(6)),
        Arguments.of("failed long ago", 10, "Failed", NOW.minusSeconds(60), Duration.ofSeconds(-50)),
        Arguments.of("ttl 0 is due at once", 0, "Complete", NOW, Duration.ZERO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("timeLeft")
  void timeLeftFollowsTheFinishedConditionsTransitionTime(String name, Integer ttl, String type, Instant at,
      Duration expected) {
    assertThat(TtlPolicy.timeLeft(job(ttl, type, at), NOW)).isEqualTo(Optional.ofNullable(expected));
  }

  @Test
  void notYetExpiredJobIsRequeuedForTheTimeLeft() {
    jobs.put(job(10, "Complete", NOW.minusSeconds(4)));
    Result r = reconciler.reconcile(key);
    assertThat(r.requeueDelay()).contains(Duration.ofSeconds(6));
    assertThat(deleted).isEmpty();
  }

  @Test
  void expiredJobIsReReadLiveThenDeleted() {
    Job expired = job(0, "Complete", NOW.minusSeconds(1));
    jobs.put(expired);
    live = Optional.of(expired);
    reconciler.reconcile(key);
    assertThat(deleted).containsExactly("j");
  }

  @Test
  void ttlExtendedMeanwhileIsHonoured() {
    jobs.put(job(0, "Complete", NOW.minusSeconds(1)));
    live = Optional.of(job(3600, "Complete", NOW.minusSeconds(1)));
    Result r = reconciler.reconcile(key);
    assertThat(deleted).isEmpty();
    assertThat(r.requeueDelay()).contains(Duration.ofSeconds(3599));
  }
}

package dev.klite.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

  private final WorkQueueTest.ManualClock clock = new WorkQueueTest.ManualClock();
  private final Expectations expectations = new Expectations(clock, Duration.ofMinutes(5));
  private final ObjectKey job = new ObjectKey("ns", "job");

  @Test
  void unknownOwnerIsSatisfied() {
    assertThat(expectations.satisfied(job)).isTrue();
  }

  @Test
  void creationsAreSatisfiedOnlyWhenAllAreObserved() {
    expectations.expectCreations(job, 2);
    expectations.creationObserved(job);
    assertThat(expectations.satisfied(job)).isFalse();
    expectations.creationObserved(job);
    assertThat(expectations.satisfied(job)).isTrue();
  }

  @Test
  void unobservedExpectationsExpireAfterTheTtl() {
    expectations.expectDeletions(job, 1);
    clock.advance(Duration.ofMinutes(4));
    assertThat(expectations.satisfied(job)).isFalse();
    clock.advance(Duration.ofMinutes(1));
    assertThat(expectations.satisfied(job)).isTrue();
  }

  @Test
  void tracksFinalizerRemovalsByPodUid() {
    expectations.expectFinalizerRemovals(job, List.of("u1", "u2"));
    expectations.finalizerRemovalObserved(job, "u1");
    assertThat(expectations.expectedFinalizerRemovals(job)).containsExactly("u2");
    expectations.delete(job);
    assertThat(expectations.expectedFinalizerRemovals(job)).isEmpty();
  }
}

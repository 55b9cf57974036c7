package dev.klite.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  /** A clock the test steps by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final WorkQueue<String> queue = new WorkQueue<>(clock, Duration.ofSeconds(1), Duration.ofSeconds(60));

  @Test
  void deduplicatesKeysAddedBeforeTheyAreTaken() {
    queue.add("a");
    queue.add("a");
    queue.add("b");
    assertThat(queue.length()).isEqualTo(2);
    assertThat(queue.poll()).contains("a");
    assertThat(queue.poll()).contains("b");
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void neverHandsOutAKeyThatIsProcessingAndRequeuesItOnDone() {
    queue.add("a");
    assertThat(queue.poll()).contains("a");
    queue.add("a");
    assertThat(queue.poll()).as("a is still processing").isEmpty();
    queue.done("a");
    assertThat(queue.poll()).contains("a");
    queue.done("a");
    assertThat(queue.poll()).isEmpty();
  }

  @Test
  void addAfterWaitsForTheClockAndKeepsTheEarliestTime() {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(4));
    assertThat(queue.poll()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).contains("a");
    queue.done("a");
    clock.advance(Duration.ofSeconds(10));
    assertThat(queue.poll()).as("only one delayed entry per key").isEmpty();
  }

  static Stream<Arguments> backoffs() {
    return Stream.of(
        Arguments.of(0, Duration.ofSeconds(1)),
        Arguments.of(1, Duration.ofSeconds(2)),
        Arguments.of(3, Duration.ofSeconds(8)),
        Arguments.of(6, Duration.ofSeconds(60)),
        Arguments.of(100, Duration.ofSeconds(60)));
  }

  @ParameterizedTest(name = "after {0} failures the delay is {1}")
  @MethodSource("backoffs")
  void rateLimitedDelayDoublesUpToTheCap(int failures, Duration expected) {
    assertThat(queue.backoff(failures)).isEqualTo(expected);
  }

  @Test
  void addRateLimitedCountsFailuresUntilForget() {
    queue.addRateLimited("a");
    queue.addRateLimited("a");
    assertThat(queue.numRequeues("a")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(queue.poll()).contains("a");
    queue.forget("a");
    assertThat(queue.numRequeues("a")).isZero();
  }

  @Test
  void takeReturnsEmptyAfterClose() throws InterruptedException {
    queue.close();
    queue.add("a");
    Optional<String> taken = queue.take(Duration.ofSeconds(5));
    assertThat(taken).isEmpty();
  }
}

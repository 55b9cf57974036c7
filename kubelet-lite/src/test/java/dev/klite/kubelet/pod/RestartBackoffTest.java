package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RestartBackoffTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void firstRestartIsImmediateThenDelaysDoubleUpToTheCap() {
    RestartBackoff b = new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(300));
    assertThat(b.isInBackOffSince("c", T0, T0)).isFalse();
    b.next("c", T0, T0);
    assertThat(b.get("c")).isEqualTo(Duration.ofSeconds(10));
    Instant crash2 = T0.plusSeconds(1);
    assertThat(b.isInBackOffSince("c", crash2, crash2.plusSeconds(9))).isTrue();
    assertThat(b.isInBackOffSince("c", crash2, crash2.plusSeconds(10))).isFalse();
    Duration[] expected = {Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(80),
        Duration.ofSeconds(160), Duration.ofSeconds(300), Duration.ofSeconds(300)};
    Instant t = crash2.plusSeconds(10);
    for (Duration d : expected) {
      b.next("c", t, t);
      assertThat(b.get("c")).isEqualTo(d);
      t = t.plus(d);
    }
  }

  @Test
  void forgetsAnEntryOlderThanTwiceTheCap() {
    RestartBackoff b = new RestartBackoff(Duration.ofSeconds(10), Duration.ofSeconds(300));
    b.next("c", T0, T0);
    b.next("c", T0, T0);
    assertThat(b.get("c")).isEqualTo(Duration.ofSeconds(20));
    Instant late = T0.plusSeconds(601);
    assertThat(b.isInBackOffSince("c", late, late)).isFalse();
    b.next("c", late, late);
    assertThat(b.get("c")).isEqualTo(Duration.ofSeconds(10));
  }

  static Stream<Arguments> durations() {
    return Stream.of(Arguments.of(Duration.ofSeconds(10), "10s"), Arguments.of(Duration.ofSeconds(80), "1m20s"),
        Arguments.of(Duration.ofSeconds(300), "5m0s"), Arguments.of(Duration.ofMillis(300), "300ms"),
        Arguments.of(Duration.ofMillis(1500), "1.5s"), Arguments.of(Duration.ofHours(1), "1h0m0s"),
        Arguments.of(Duration.ZERO, "0s"));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void formatsDurationsLikeGo(Duration d, String expected) {
    assertThat(GoDuration.format(d)).isEqualTo(expected);
  }
}

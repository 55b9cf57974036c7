package dev.klite.kubelet.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pkg/kubelet/token/token_manager.go requiresRefresh, table-driven with an explicit clock and jitter. */
class TokenRefreshTest {
  private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // case, lifetime (s), seconds since issue, jitter (s), refresh?
      "fresh token, 3600, 0, 0, false",
      "just before 80%, 3600, 2880, 0, false",
      "just past 80%, 3600, 2881, 0, true",
      "jitter moves the 80% mark earlier, 3600, 2875, 9, true",
      "jitter does not reach further back, 3600, 2870, 9, false",
      "kube-api-access lifetime of 3607 s: 80% is 2886 s, 3607, 2886, 0, false",
      "kube-api-access lifetime past 80%, 3607, 2887, 0, true",
      "a year-long token is refreshed after 24 h, 31536000, 86401, 0, true",
      "a year-long token is kept within 24 h, 31536000, 86399, 0, false",
      "the 24 h limit moves earlier by the jitter, 31536000, 86395, 9, true",
      "clock went back before the token was issued, 3600, -1, 0, true",
  })
  void refreshesAfter80PercentOrADayOrWhenTheClockWentBack(String name, long lifetime, long age, long jitter,
      boolean expected) {
    Instant expiration = ISSUED.plusSeconds(lifetime);
    assertThat(TokenRefresh.requiresRefresh(expiration, lifetime, ISSUED.plusSeconds(age), Duration.ofSeconds(jitter)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0.0, 0", "0.5, 5", "0.99, 9"})
  void jitterIsWholeSecondsBelowTen(double random, long seconds) {
    assertThat(TokenRefresh.jitter(random)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @CsvSource({"0", "100000000"})
  void aTokenWithoutLifetimeIsNeverRefreshed(long age) {
    assertThat(TokenRefresh.requiresRefresh(ISSUED, null, ISSUED.plusSeconds(age), Duration.ZERO)).isFalse();
  }
}

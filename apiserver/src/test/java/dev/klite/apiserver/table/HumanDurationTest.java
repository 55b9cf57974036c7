package dev.klite.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
  @ParameterizedTest
  @CsvSource({
      "-2, <invalid>", "-1, 0s", "0, 0s", "45, 45s", "119, 119s", "120, 2m", "182, 3m2s", "599, 9m59s",
      "600, 10m", "10799, 179m", "10800, 3h", "11100, 3h5m", "28799, 7h59m", "28800, 8h", "172799, 47h",
      "172800, 2d", "183600, 2d3h", "691199, 7d23h", "691200, 8d", "63071999, 729d", "63072000, 2y",
      "64800000, 2y20d", "252288000, 8y"})
  void humanDurationMatchesApimachinery(long seconds, String expected) {
    assertThat(HumanDuration.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-5, <invalid>", "59, 59s", "60, 1m", "3599, 59m", "3600, 1h", "86399, 23h", "86400, 1d",
      "31535999, 364d", "31536000, 1y"})
  void shortHumanDuration(long seconds, String expected) {
    assertThat(HumanDuration.shortHuman(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-1500, 0s", "-2500, <invalid>", "1999, 1s"})
  void subSecondDurationsTruncateTowardZero(long millis, String expected) {
    assertThat(HumanDuration.human(Duration.ofMillis(millis))).isEqualTo(expected);
  }
}

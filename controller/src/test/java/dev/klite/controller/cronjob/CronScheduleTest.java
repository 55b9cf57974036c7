package dev.klite.controller.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CronScheduleTest {

  static Stream<Arguments> nextTimes() {
    return Stream.of(
        Arguments.of("*/1 * * * *", null, "2026-03-01T10:00:30Z", "2026-03-01T10:01:00Z"),
        Arguments.of("*/5 * * * *", null, "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z"),
        Arguments.of("@hourly", null, "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z"),
        Arguments.of("@daily", null, "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z"),
        Arguments.of("@weekly", null, "2026-03-02T10:00:00Z", "2026-03-08T00:00:00Z"),
        Arguments.of("0 9 * * MON-FRI", null, "2026-03-06T10:00:00Z", "2026-03-09T09:00:00Z"),
        Arguments.of("0 0 ? * *", null, "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z"),
        Arguments.of("0 9 * * *", "Asia/Tokyo", "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z"),
        Arguments.of("CRON_TZ=Asia/Tokyo 0 9 * * *", null, "2026-03-01T10:00:00Z", "2026-03-02T00:00:00Z"),
        Arguments.of("@every 90s", null, "2026-03-01T10:00:00Z", "2026-03-01T10:01:30Z"),
        // Day-of-month and day-of-week both restricted: either matches (classic cron).
        Arguments.of("0 0 13 * 5", null, "2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0} tz={1}: after {2} comes {3}")
  @MethodSource("nextTimes")
  void nextActivationMatchesRobfigCron(String schedule, String tz, String after, String expected) {
    assertThat(CronSchedule.parse(schedule, tz).next(Instant.parse(after))).contains(Instant.parse(expected));
  }

  @Test
  void rejectsMalformedSchedules() {
    assertThatThrownBy(() -> CronSchedule.parse("* * *", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CronSchedule.parse("@fortnightly", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CronSchedule.parse("* * * * *", "Mars/Olympus")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tzPrefixIsReported() {
    assertThat(CronSchedule.parse("TZ=UTC * * * * *", null).usesTzPrefix()).isTrue();
    assertThat(CronSchedule.parse("* * * * *", null).usesTzPrefix()).isFalse();
  }
}

package dev.klite.controller.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MissedRunsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nothing due yet", "*/5 * * * *", "2026-03-01T10:00:00Z", "2026-03-01T10:04:59Z", null, false),
        Arguments.of("exactly one due", "*/5 * * * *", "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z",
            "2026-03-01T10:05:00Z", false),
        Arguments.of("several missed: most recent only", "*/5 * * * *", "2026-03-01T10:00:00Z",
            "2026-03-01T10:23:00Z", "2026-03-01T10:20:00Z", false),
        Arguments.of("a year stopped: too many, still the latest", "*/1 * * * *", "2025-03-01T10:00:00Z",
            "2026-03-01T10:23:30Z", "2026-03-01T10:23:00Z", true),
        Arguments.of("100 missed is not too many", "* * * * *", "2026-03-01T10:00:00Z", "2026-03-01T11:40:59Z",
            "2026-03-01T11:40:00Z", false),
        Arguments.of("101 missed is too many", "* * * * *", "2026-03-01T10:00:00Z", "2026-03-01T11:41:00Z",
            "2026-03-01T11:41:00Z", true),
        Arguments.of("hourly, earliest on a slot boundary is not due again", "0 * * * *", "2026-03-01T10:00:00Z",
            "2026-03-01T10:59:59Z", null, false),
        Arguments.of("irregular monthly schedule", "0 0 31 * *", "2026-01-01T00:00:00Z", "2026-04-15T00:00:00Z",
            "2026-03-31T00:00:00Z", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mostRecentUnmetScheduleTime(String name, String schedule, String earliest, String now, String expected,
      boolean tooMany) {
    MissedRuns r = MissedRuns.compute(CronSchedule.parse(schedule, null), Instant.parse(earliest), Instant.parse(now));
    assertThat(r.mostRecent()).isEqualTo(Optional.ofNullable(expected).map(Instant::parse));
    assertThat(r.tooMany()).isEqualTo(tooMany);
  }

  static Stream<Arguments> zoned() {
    return Stream.of(
        Arguments.of("09:00 in Tokyo is 00:00 UTC", "0 9 * * *", "Asia/Tokyo", "2026-03-01T01:00:00Z",
            "2026-03-02T00:30:00Z", "2026-03-02T00:00:00Z"),
        Arguments.of("02:30 on the spring-forward day does not exist in New York", "30 2 * * *", "America/New_York",
            "2026-03-07T12:00:00Z", "2026-03-08T12:00:00Z", null),
        Arguments.of("no timeZone means UTC", "0 9 * * *", null, "2026-03-01T01:00:00Z", "2026-03-01T09:30:00Z",
            "2026-03-01T09:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("zoned")
  void scheduleIsEvaluatedInTheTimeZone(String name, String schedule, String timeZone, String earliest, String now,
      String expected) {
    MissedRuns r = MissedRuns.compute(CronSchedule.parse(schedule, timeZone), Instant.parse(earliest),
        Instant.parse(now));
    assertThat(r.mostRecent()).isEqualTo(Optional.ofNullable(expected).map(Instant::parse));
  }
}

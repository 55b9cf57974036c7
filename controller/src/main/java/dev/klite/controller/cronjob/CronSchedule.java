package dev.klite.controller.cronjob;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed CronJob schedule, as robfig/cron v3 {@code ParseStandard} reads it (job-semantics.md
 * §4.3): five fields, the {@code @yearly}…{@code @hourly} descriptors, {@code @every <duration>},
 * and an optional {@code TZ=}/{@code CRON_TZ=} prefix. Pure; evaluation is in the schedule's zone.
 */
public final class CronSchedule {

  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> DESCRIPTORS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final Pattern TZ_PREFIX = Pattern.compile("^(?:CRON_TZ|TZ)=(\\S+)\\s+(.*)$");
  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private final ExecutionTime execution;
  private final Duration every;
  private final ZoneId zone;
  private final boolean usesTzPrefix;

  private CronSchedule(ExecutionTime execution, Duration every, ZoneId zone, boolean usesTzPrefix) {
    this.execution = execution;
    this.every = every;
    this.zone = zone;
    this.usesTzPrefix = usesTzPrefix;
  }

  /**
   * @param timeZone {@code spec.timeZone}, or {@code null} for the controller's zone (UTC here)
   * @throws IllegalArgumentException if the schedule or zone cannot be parsed
   */
  public static CronSchedule parse(String schedule, String timeZone) {
    String s = schedule.trim();
    ZoneId zone = timeZone == null ? ZoneOffset.UTC : zone(timeZone);
    boolean tzPrefix = false;
    Matcher tz = TZ_PREFIX.matcher(s);
    if (tz.matches()) {
      zone = zone(tz.group(1));
      s = tz.group(2).trim();
      tzPrefix = true;
    }
    if (s.startsWith("@every ")) {
      return new CronSchedule(null, goDuration(s.substring("@every ".length()).trim()), zone, tzPrefix);
    }
    String expr = DESCRIPTORS.getOrDefault(s.toLowerCase(Locale.ROOT), s);
    if (expr.startsWith("@")) {
      throw new IllegalArgumentException("unrecognized descriptor: " + s);
    }
    String[] fields = expr.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": " + s);
    }
    // robfig treats '?' like '*' in the day fields; cron-utils' UNIX definition does not know it.
    String normalized = expr.replace('?', '*');
    try {
      return new CronSchedule(ExecutionTime.forCron(UNIX.parse(normalized)), null, zone, tzPrefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + id, e);
    }
  }

  private static Duration goDuration(String text) {
    Matcher m = GO_DURATION_PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double v = Double.parseDouble(m.group(1));
      long nanos = switch (m.group(2)) {
        case "ns" -> (long) v;
        case "us", "µs" -> (long) (v * 1e3);
        case "ms" -> (long) (v * 1e6);
        case "s" -> (long) (v * 1e9);
        case "m" -> (long) (v * 60e9);
        default -> (long) (v * 3600e9);
      };
      total = total.plusNanos(nanos);
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new IllegalArgumentException("failed to parse duration " + text);
    }
    // robfig rounds @every below one second up to one second.
    return total.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : total.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The first activation strictly after {@code after}, if the schedule ever fires again. */
  public Optional<Instant> next(Instant after) {
    if (every != null) {
      return Optional.of(after.truncatedTo(ChronoUnit.SECONDS).plus(every));
    }
    return execution.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
  }

  public ZoneId zone() {
    return zone;
  }

  /** Whether the schedule carried a {@code TZ=}/{@code CRON_TZ=} prefix (not officially supported). */
  public boolean usesTzPrefix() {
    return usesTzPrefix;
  }
}

package dev.klite.apiserver.resources.batch;

import java.util.List;
import java.util.Optional;

/**
 * Syntax check of a CronJob schedule as robfig/cron v3 {@code ParseStandard} does it (five
 * fields, names for months and weekdays, {@code * , - / ?}, the {@code @hourly}-style
 * descriptors and {@code @every <duration>}); the error texts are that parser's.
 */
public final class CronScheduleSyntax {
  private CronScheduleSyntax() {}

  private record Bounds(int min, int max, List<String> names) {}

  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
  private static final List<Bounds> FIELDS = List.of(new Bounds(0, 59, List.of()), new Bounds(0, 23, List.of()),
      new Bounds(1, 31, List.of()), new Bounds(1, 12, MONTHS), new Bounds(0, 6, DAYS));
  private static final List<String> DESCRIPTORS =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  /** The parser's error for {@code schedule}, or empty when it parses. */
  public static Optional<String> error(String schedule) {
    String spec = schedule.trim();
    if (spec.isEmpty()) return Optional.of("empty spec string");
    if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
      int sp = spec.indexOf(' ');
      spec = sp < 0 ? "" : spec.substring(sp).trim();
    }
    if (spec.startsWith("@")) {
      if (DESCRIPTORS.contains(spec.toLowerCase(java.util.Locale.ROOT))) return Optional.empty();
      if (spec.startsWith("@every ")) {
        return GoDuration.isValid(spec.substring(7).trim()) ? Optional.empty()
            : Optional.of("failed to parse duration " + spec + ": time: invalid duration \"" + spec.substring(7).trim() + "\"");
      }
      return Optional.of("unrecognized descriptor: " + spec);
    }
    String[] fields = spec.split("\\s+");
    if (fields.length != 5) {
      return Optional.of("expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]");
    }
    for (int i = 0; i < 5; i++) {
      for (String part : fields[i].split(",", -1)) {
        Optional<String> err = range(part, FIELDS.get(i));
        if (err.isPresent()) return err;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> range(String expr, Bounds b) {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    boolean single = lowAndHigh.length == 1;
    int start;
    int end;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      start = b.min();
      end = b.max();
    } else {
      Integer s = value(lowAndHigh[0], b);
      if (s == null) return Optional.of(parseError(lowAndHigh[0]));
      start = s;
      if (lowAndHigh.length == 1) {
        end = start;
      } else if (lowAndHigh.length == 2) {
        Integer e = value(lowAndHigh[1], b);
        if (e == null) return Optional.of(parseError(lowAndHigh[1]));
        end = e;
      } else {
        return Optional.of("too many hyphens: " + expr);
      }
    }
    if (rangeAndStep.length == 2) {
      Integer step = number(rangeAndStep[1]);
      if (step == null) return Optional.of(parseError(rangeAndStep[1]));
      if (step <= 0) return Optional.of("step of range should be a positive number: " + expr);
      if (single && !(lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?"))) end = b.max();
    } else if (rangeAndStep.length > 2) {
      return Optional.of("too many slashes: " + expr);
    }
    if (start < b.min()) return Optional.of("beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr);
    if (end > b.max()) return Optional.of("end of range (" + end + ") above maximum (" + b.max() + "): " + expr);
    if (start > end) return Optional.of("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
    return Optional.empty();
  }

  private static Integer value(String s, Bounds b) {
    int idx = b.names().indexOf(s.toLowerCase(java.util.Locale.ROOT));
    if (idx >= 0) return idx + (b.names() == MONTHS ? 1 : 0);
    return number(s);
  }

  private static Integer number(String s) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 9) return null;
    return Integer.parseInt(s);
  }

  private static String parseError(String s) {
    if (s.isEmpty()) return "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax";
    return "failed to parse int from " + s + ": strconv.Atoi: parsing \"" + s + "\": invalid syntax";
  }

  /** Go's time.ParseDuration acceptance, e.g. {@code 1h30m}, {@code 90s}, {@code 1.5h}. */
  static final class GoDuration {
    private static final java.util.regex.Pattern DURATION =
        java.util.regex.Pattern.compile("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+|0");

    static boolean isValid(String s) {
      return DURATION.matcher(s).matches();
    }
  }
}

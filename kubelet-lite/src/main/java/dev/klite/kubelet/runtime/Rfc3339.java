package dev.klite.kubelet.runtime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Go's time formats as Kubernetes uses them: {@code RFC3339Nano} (fraction with trailing zeros trimmed, used in CRI
 * log lines and by {@code kubectl logs --timestamps}) and {@code RFC3339} seconds (metav1.Time).
 */
public final class Rfc3339 {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);

  private Rfc3339() {}

  /** Go's {@code time.RFC3339Nano} in UTC, e.g. {@code 2024-01-02T03:04:05.12Z}. */
  public static String nano(Instant t) {
    String base = SECONDS.format(t);
    int nanos = t.getNano();
    if (nanos == 0) {
      return base;
    }
    String frac = String.format("%09d", nanos);
    int end = frac.length();
    while (frac.charAt(end - 1) == '0') {
      end--;
    }
    return base.substring(0, base.length() - 1) + "." + frac.substring(0, end) + "Z";
  }

  /** metav1.Time: RFC 3339 in UTC with whole seconds. */
  public static String seconds(Instant t) {
    return SECONDS.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Parses RFC 3339 with any fraction and any offset. */
  public static Instant parse(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(s).toInstant();
    }
  }
}

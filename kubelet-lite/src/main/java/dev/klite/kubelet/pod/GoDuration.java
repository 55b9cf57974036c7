package dev.klite.kubelet.pod;

import java.time.Duration;

/** Go's {@code time.Duration.String()} (e.g. {@code 10s}, {@code 1m20s}, {@code 5m0s}, {@code 500ms}), used in messages. */
public final class GoDuration {
  private GoDuration() {}

  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long nanos = d.toNanos();
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) {
        return (nanos / 1_000_000) + "ms";
      }
      if (nanos % 1_000 == 0) {
        return trimFraction(nanos / 1_000_000.0) + "ms";
      }
      return nanos + "ns";
    }
    long totalSeconds = d.getSeconds();
    long hours = totalSeconds / 3600;
    long minutes = (totalSeconds % 3600) / 60;
    long seconds = totalSeconds % 60;
    String secs = seconds + fraction(d.getNano());
    StringBuilder sb = new StringBuilder();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      sb.append(minutes).append('m');
    }
    return sb.append(secs).append('s').toString();
  }

  private static String fraction(int nanos) {
    if (nanos == 0) {
      return "";
    }
    String f = String.format("%09d", nanos).replaceAll("0+$", "");
    return "." + f;
  }

  private static String trimFraction(double v) {
    String s = Double.toString(v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}

package dev.klite.apiserver.table;

import java.time.Duration;

/**
 * Human-readable durations exactly as staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go
 * renders them: {@link #human} (HumanDuration, used for AGE and friends) and {@link #shortHuman}
 * (ShortHumanDuration).
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** HumanDuration: {@code 45s}, {@code 3m2s}, {@code 5h}, {@code 2d3h}, {@code 400d}, {@code 3y20d}. */
  public static String human(Duration d) {
    long seconds = truncatedSeconds(d);
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60 * 2) return seconds + "s";
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) return minutes + "m";
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) return hours + "h";
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) return (hours / 24) + "d";
    if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
    }
    return (hours / 24 / 365) + "y";
  }

  /** ShortHumanDuration: one unit only ({@code 45s}, {@code 3m}, {@code 5h}, {@code 2d}, {@code 1y}). */
  public static String shortHuman(Duration d) {
    long seconds = truncatedSeconds(d);
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60) return seconds + "s";
    long minutes = seconds / 60;
    if (minutes < 60) return minutes + "m";
    long hours = minutes / 60;
    if (hours < 24) return hours + "h";
    if (hours < 24 * 365) return (hours / 24) + "d";
    return (hours / 24 / 365) + "y";
  }

  /** Go's {@code int(d.Seconds())}: truncation toward zero. */
  private static long truncatedSeconds(Duration d) {
    long s = d.getSeconds();
    if (s < 0 && d.getNano() > 0) s += 1;
    return s;
  }
}

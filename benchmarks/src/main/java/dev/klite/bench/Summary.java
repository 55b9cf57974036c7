package dev.klite.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Median, p99 and min–max of a set of samples (per-run figures, or every request's latency pooled
 * over all runs), with the sample count and unit.
 */
public record Summary(double median, double p99, double min, double max, int count, String unit) {

  /** Summarises {@code samples}; an empty list yields {@link #empty(String)}. */
  public static Summary of(List<Double> samples, String unit) {
    if (samples.isEmpty()) return empty(unit);
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return new Summary(percentile(sorted, 50), percentile(sorted, 99), sorted.get(0), sorted.get(sorted.size() - 1),
        sorted.size(), unit);
  }

  public static Summary empty(String unit) {
    return new Summary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, unit);
  }

  /** Nearest-rank percentile of an ascending list. */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Whether this summary holds at least one finite sample. */
  public boolean isPresent() {
    return count > 0 && Double.isFinite(median);
  }

  /** {@code median / p99 (min–max) unit, n=…}, as the tables print it. */
  public String format() {
    if (!isPresent()) return "–";
    return "%s / %s (%s–%s) %s, n=%d".formatted(num(median), num(p99), num(min), num(max), unit, count);
  }

  static String num(double v) {
    if (!Double.isFinite(v)) return "–";
    double a = Math.abs(v);
    if (a >= 100) return String.format(Locale.ROOT, "%,.0f", v);
    if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }
}

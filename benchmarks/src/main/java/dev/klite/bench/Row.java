package dev.klite.bench;

import java.util.Locale;

/**
 * One line of the results: a measure's figures on klite and, where one was measured, on the peer.
 *
 * @param id the measure number and letter, e.g. {@code 3b}
 * @param what what was measured, in words
 * @param klite klite's figures
 * @param peer the peer's figures, or an empty summary where the peer cannot be measured
 * @param target the goal as text ({@code "< 1.0 s"}), or empty
 * @param verdict {@code met}, {@code missed} or empty when there is no target
 * @param note anything the reader needs to read the figures right
 */
public record Row(String id, String what, Summary klite, Summary peer, String target, String verdict, String note) {

  /** klite's median divided by the peer's, or NaN when either is missing. */
  public double ratio() {
    if (!klite.isPresent() || !peer.isPresent() || peer.median() == 0) return Double.NaN;
    return klite.median() / peer.median();
  }

  public String ratioText() {
    double r = ratio();
    return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f×", r) : "–";
  }

  /** A row without a target. */
  public static Row of(String id, String what, Summary klite, Summary peer, String note) {
    return new Row(id, what, klite, peer, "", "", note);
  }

  /** A row whose klite median (or p99 when {@code onP99}) is checked against {@code limit}. */
  public static Row withTarget(String id, String what, Summary klite, Summary peer, String target,
      boolean onP99, boolean lowerIsBetter, double limit, String note) {
    String verdict = "";
    if (klite.isPresent()) {
      double v = onP99 ? klite.p99() : klite.median();
      boolean met = lowerIsBetter ? v < limit : v >= limit;
      verdict = met ? "met" : "**missed**";
    }
    return new Row(id, what, klite, peer, target, verdict, note);
  }
}

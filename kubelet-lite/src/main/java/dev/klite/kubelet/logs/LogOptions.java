package dev.klite.kubelet.logs;

import java.time.Instant;

/**
 * The {@code pods/log} options the kubelet honours (core/v1 PodLogOptions).
 *
 * @param tailLines lines from the end to show, or -1 for all
 * @param since show only lines logged at or after this time, or null
 * @param limitBytes stop after this many bytes of output, or -1 for no limit
 */
public record LogOptions(boolean follow, boolean previous, long tailLines, Instant since, boolean timestamps,
    long limitBytes) {
  public static final LogOptions ALL = new LogOptions(false, false, -1, null, false, -1);

  /** The same options without follow (for rotated files, which are complete). */
  public LogOptions withoutFollow() {
    return new LogOptions(false, previous, tailLines, since, timestamps, limitBytes);
  }
}

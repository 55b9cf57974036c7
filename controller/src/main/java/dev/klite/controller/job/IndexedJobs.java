package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Pure helpers for {@code completionMode: Indexed} (job-semantics.md §2.4, §2.5, §2.13; upstream
 * {@code pkg/controller/job/indexed_job_utils.go}).
 */
public final class IndexedJobs {

  public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
  /** Upstream {@code maxPodNameLength - randomLength}: the API server appends 5 characters. */
  private static final int MAX_GENERATE_NAME = 58;

  private IndexedJobs() {}

  /** The pod's completion index from the annotation (else the label), or -1 if missing/invalid. */
  public static int completionIndex(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(COMPLETION_INDEX);
    if (v == null) {
      Map<String, String> l = pod.getMetadata().getLabels();
      v = l == null ? null : l.get(COMPLETION_INDEX);
    }
    if (v == null) {
      return -1;
    }
    try {
      int i = Integer.parseInt(v);
      return i < 0 ? -1 : i;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public static boolean validIndex(Pod pod, int completions) {
    int i = completionIndex(pod);
    return i >= 0 && i < completions;
  }

  /** Parses {@code "1,3-5,7"}, ignoring indexes ≥ completions and clamping interval ends. */
  public static SortedSet<Integer> parse(String intervals, int completions) {
    SortedSet<Integer> result = new TreeSet<>();
    if (intervals == null || intervals.isEmpty()) {
      return result;
    }
    for (String part : intervals.split(",")) {
      String[] ends = part.split("-");
      try {
        int first = Integer.parseInt(ends[0].trim());
        int last = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : first;
        for (int i = first; i <= Math.min(last, completions - 1); i++) {
          result.add(i);
        }
      } catch (NumberFormatException e) {
        // Upstream logs and skips a malformed interval.
      }
    }
    return result;
  }

  /** Runs of ≥ 3 consecutive indexes as {@code a-b}, pairs as {@code a,b} (§2.13). */
  public static String format(SortedSet<Integer> indexes) {
    StringBuilder sb = new StringBuilder();
    List<Integer> list = new ArrayList<>(indexes);
    for (int i = 0; i < list.size(); ) {
      int j = i;
      while (j + 1 < list.size() && list.get(j + 1) == list.get(j) + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      if (j - i >= 2) {
        sb.append(list.get(i)).append('-').append(list.get(j));
      } else {
        sb.append(list.get(i));
        if (j == i + 1) {
          sb.append(',').append(list.get(j));
        }
      }
      i = j + 1;
    }
    return sb.toString();
  }

  /**
   * The lowest {@code count} indexes in {@code [0, completions)} that are neither succeeded nor
   * held by one of {@code holders} (active pods, plus terminating ones when only failed pods are
   * replaced) — upstream {@code firstPendingIndexes}.
   */
  public static List<Integer> firstPending(int completions, Set<Integer> succeeded, List<Pod> holders, int count) {
    Set<Integer> taken = new HashSet<>(succeeded);
    for (Pod p : holders) {
      taken.add(completionIndex(p));
    }
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < completions && result.size() < count; i++) {
      if (!taken.contains(i)) {
        result.add(i);
      }
    }
    return result;
  }

  /** Active pods to remove first: invalid or out-of-range index, or a second pod for an index. */
  public static List<Pod> invalidOrDuplicate(List<Pod> activePods, int completions) {
    List<Pod> remove = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (Pod p : activePods) {
      int i = completionIndex(p);
      if (i < 0 || i >= completions || !seen.add(i)) {
        remove.add(p);
      }
    }
    return remove;
  }

  /** {@code <job>-<index>-}, the Job name cut so the prefix is at most 58 characters. */
  public static String generateName(String jobName, int index) {
    String suffix = "-" + index + "-";
    String base = jobName;
    if (base.length() + suffix.length() > MAX_GENERATE_NAME) {
      base = base.substring(0, MAX_GENERATE_NAME - suffix.length());
    }
    return base + suffix;
  }
}

package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * Pure: which active pods a scale-down removes first, least valuable first (upstream
 * {@code controller.ActivePods} in {@code pkg/controller/controller_utils.go}, as
 * {@code activePodsForRemoval} in {@code pkg/controller/job/job_controller.go} sorts them):
 * <ol>
 *   <li>not yet scheduled before scheduled;
 *   <li>Pending before Unknown before Running (any other phase ranks as Pending);
 *   <li>not ready before ready;
 *   <li>among ready pods, ready for a shorter time first (no ready time first);
 *   <li>more restarts of its most-restarted container first;
 *   <li>newer first (no creation time first).
 * </ol>
 */
public final class PodRanking {

  private static final Map<String, Integer> PHASE_RANK = Map.of("Pending", 0, "Unknown", 1, "Running", 2);

  public static final Comparator<Pod> LEAST_VALUABLE_FIRST = PodRanking::compare;

  private PodRanking() {}

  static int compare(Pod a, Pod b) {
    boolean aAssigned = assigned(a);
    boolean bAssigned = assigned(b);
    if (aAssigned != bAssigned) {
      return aAssigned ? 1 : -1;
    }
    int phase = Integer.compare(PHASE_RANK.getOrDefault(JobPods.phase(a), 0),
        PHASE_RANK.getOrDefault(JobPods.phase(b), 0));
    if (phase != 0) {
      return phase;
    }
    boolean aReady = JobPods.isReady(a);
    boolean bReady = JobPods.isReady(b);
    if (aReady != bReady) {
      return aReady ? 1 : -1;
    }
    if (aReady) {
      int ready = laterOrZeroFirst(readyTime(a), readyTime(b));
      if (ready != 0) {
        return ready;
      }
    }
    int restarts = Integer.compare(maxRestarts(b), maxRestarts(a));
    if (restarts != 0) {
      return restarts;
    }
    return laterOrZeroFirst(instant(a.getMetadata().getCreationTimestamp()),
        instant(b.getMetadata().getCreationTimestamp()));
  }

  /** Upstream {@code afterOrZero}: a missing time sorts first, then the later time. */
  private static int laterOrZeroFirst(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == null && b == null ? 0 : a == null ? -1 : 1;
    }
    return b.compareTo(a);
  }

  private static boolean assigned(Pod p) {
    return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
  }

  private static Instant readyTime(Pod p) {
    if (p.getStatus() == null || p.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : p.getStatus().getConditions()) {
      if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
        return instant(c.getLastTransitionTime());
      }
    }
    return null;
  }

  private static int maxRestarts(Pod p) {
    int max = 0;
    if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : p.getStatus().getContainerStatuses()) {
        if (s.getRestartCount() != null) {
          max = Math.max(max, s.getRestartCount());
        }
      }
    }
    return max;
  }

  private static Instant instant(String timestamp) {
    return timestamp == null || timestamp.isEmpty() ? null : Instant.parse(timestamp);
  }
}

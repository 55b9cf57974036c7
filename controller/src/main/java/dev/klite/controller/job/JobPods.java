package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * Pure pod classification used by a Job sync (job-semantics.md §2.2; upstream
 * {@code pkg/controller/job/job_controller.go} {@code isPodFailed}, {@code countReadyPods},
 * {@code pkg/controller/controller_utils.go} {@code FilterActivePods}).
 */
public final class JobPods {

  public static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

  private JobPods() {}

  public static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
  }

  public static boolean isSucceeded(Pod pod) {
    return "Succeeded".equals(phase(pod));
  }

  public static boolean isTerminal(Pod pod) {
    String p = phase(pod);
    return "Succeeded".equals(p) || "Failed".equals(p);
  }

  public static boolean isDeleting(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Not terminal and not being deleted. */
  public static boolean isActive(Pod pod) {
    return !isTerminal(pod) && !isDeleting(pod);
  }

  /** Being deleted but not yet terminal: still holds resources on the node. */
  public static boolean isTerminating(Pod pod) {
    return isDeleting(pod) && !isTerminal(pod);
  }

  /**
   * Phase Failed; or, unless only failed pods are replaced, deleted before success (a running
   * pod that is deleted counts as failed at once: podReplacementPolicy TerminatingOrFailed).
   */
  public static boolean isFailed(Pod pod, boolean onlyReplaceFailedPods) {
    if ("Failed".equals(phase(pod))) {
      return true;
    }
    return !onlyReplaceFailedPods && isDeleting(pod) && !isSucceeded(pod);
  }

  /** podReplacementPolicy Failed, which a podFailurePolicy forces (upstream {@code onlyReplaceFailedPods}). */
  public static boolean onlyReplaceFailedPods(Job job) {
    return "Failed".equals(job.getSpec().getPodReplacementPolicy()) || job.getSpec().getPodFailurePolicy() != null;
  }

  public static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  public static boolean hasTrackingFinalizer(Pod pod) {
    return pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
  }

  public static Optional<OwnerReference> controllerOf(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    if (refs == null) {
      return Optional.empty();
    }
    return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  /** The pod's controller ownerReference, if it is a batch Job. */
  public static Optional<OwnerReference> jobControllerOf(Pod pod) {
    return controllerOf(pod).filter(r -> "Job".equals(r.getKind())
        && r.getApiVersion() != null && r.getApiVersion().startsWith("batch/"));
  }

  public static boolean isControlledBy(Pod pod, Job job) {
    return controllerOf(pod).map(r -> r.getUid().equals(job.getMetadata().getUid())).orElse(false);
  }

  /**
   * Sum of container and init-container restart counts over pods in phase Pending or Running: the
   * restartPolicy OnFailure failure measure (upstream {@code pastBackoffLimitOnFailure}).
   */
  public static int restartCountSum(List<Pod> pods) {
    int sum = 0;
    for (Pod pod : pods) {
      String p = phase(pod);
      if (!"Pending".equals(p) && !"Running".equals(p) || pod.getStatus() == null) {
        continue;
      }
      sum += restarts(pod.getStatus().getContainerStatuses());
      sum += restarts(pod.getStatus().getInitContainerStatuses());
    }
    return sum;
  }

  private static int restarts(List<ContainerStatus> statuses) {
    if (statuses == null) {
      return 0;
    }
    int sum = 0;
    for (ContainerStatus s : statuses) {
      sum += s.getRestartCount() == null ? 0 : s.getRestartCount();
    }
    return sum;
  }
}

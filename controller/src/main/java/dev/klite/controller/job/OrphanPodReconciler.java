package dev.klite.controller.job;

import dev.klite.controller.runtime.LabelSelectors;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;

/**
 * Releases the tracking finalizer of a pod that has no controller any more (upstream
 * {@code syncOrphanPod} in {@code pkg/controller/job/job_controller.go}), e.g. after its Job was
 * deleted with {@code propagationPolicy: Orphan} and the garbage collector removed the pod's
 * ownerReference. A pod that an unfinished Job could still adopt keeps its finalizer.
 */
final class OrphanPodReconciler implements Reconciler {

  private final Lister<Pod> pods;
  private final Lister<Job> jobs;
  private final PodControl podControl;

  OrphanPodReconciler(Lister<Pod> pods, Lister<Job> jobs, PodControl podControl) {
    this.pods = Objects.requireNonNull(pods);
    this.jobs = Objects.requireNonNull(jobs);
    this.podControl = Objects.requireNonNull(podControl);
  }

  static boolean isOrphanWithFinalizer(Pod pod) {
    return JobPods.hasTrackingFinalizer(pod) && JobPods.controllerOf(pod).isEmpty();
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<Pod> found = pods.get(key.namespace(), key.name());
    if (found.isEmpty() || !isOrphanWithFinalizer(found.get())) {
      return Result.done();
    }
    Pod pod = found.get();
    boolean adoptable = jobs.list(key.namespace()).stream()
        .anyMatch(j -> !JobConditions.isFinished(j) && j.getMetadata().getDeletionTimestamp() == null
            && LabelSelectors.matches(j.getSpec().getSelector(), pod.getMetadata().getLabels()));
    if (adoptable) {
      return Result.done();
    }
    try {
      podControl.removeTrackingFinalizer(pod);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    return Result.done();
  }
}

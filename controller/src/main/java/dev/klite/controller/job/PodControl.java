package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * Side-effect seam for the pods a Job controller manages (upstream
 * {@code pkg/controller/controller_utils.go} {@code PodControlInterface}). Called on worker
 * threads; every method blocks on one API call and throws
 * {@link io.fabric8.kubernetes.client.KubernetesClientException} on failure (404 included).
 */
public interface PodControl {

  /** POST the pod (generateName); returns it as stored, with its generated name and uid. */
  Pod create(String namespace, Pod pod);

  /** Plain DELETE (graceful, Background); finalizers stay. */
  void delete(String namespace, String name);

  /** Removes {@code batch.kubernetes.io/job-tracking} from the pod's finalizers. */
  void removeTrackingFinalizer(Pod pod);

  /**
   * Adopts an orphan: adds the Job's controller ownerReference and the tracking finalizer, only if
   * the pod still has the uid that was read.
   *
   * @return the patched pod
   */
  Pod adopt(Pod pod, Job job);

  /**
   * Releases a pod whose labels stopped matching the Job's selector: removes the Job's controller
   * ownerReference, only if the pod still has the uid that was read and that reference is still
   * the one at its index (upstream {@code ReleasePod}, {@code pkg/controller/controller_ref_manager.go}).
   */
  void release(Pod pod, Job job);
}

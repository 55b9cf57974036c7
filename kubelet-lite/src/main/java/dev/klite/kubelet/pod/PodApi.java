package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Optional;

/** The kubelet's writes to the pods API. Called on pod worker threads; blocks on HTTP. */
public interface PodApi {
  /**
   * Writes {@code status} through the {@code pods/status} subresource with the pod's resourceVersion, re-reading the
   * pod and retrying on 409 Conflict.
   *
   * @return the pod as written, or empty when the pod (with this uid) no longer exists
   */
  Optional<Pod> writeStatus(Pod pod, PodStatus status);

  /** Deletes the pod with gracePeriodSeconds=0 and a uid precondition (the kubelet's final delete). */
  void deleteFinally(Pod pod);
}

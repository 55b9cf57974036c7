package dev.klite.controller.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

/** Side-effect seam of the scheduler. Called on worker threads; blocks on one API call; throws
 *  {@link io.fabric8.kubernetes.client.KubernetesClientException} on failure. */
public interface PodBinder {

  /** POST a Binding {@code {metadata.name: pod, target: {apiVersion: v1, kind: Node, name: node}}}. */
  void bind(Pod pod, String nodeName);

  /** PUT pods/status with the given pod (already carrying the PodScheduled=False condition). */
  void updateStatus(Pod pod);
}

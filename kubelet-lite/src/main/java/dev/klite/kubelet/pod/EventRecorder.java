package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;

/** Records core/v1 Events about pods on behalf of the kubelet. Never blocks the caller; failures are logged. */
public interface EventRecorder {
  String NORMAL = "Normal";
  String WARNING = "Warning";

  /**
   * @param fieldPath {@code spec.containers{name}} for a container, or null for the pod itself
   * @param type {@link #NORMAL} or {@link #WARNING}
   */
  void record(Pod pod, String fieldPath, String type, String reason, String message);
}

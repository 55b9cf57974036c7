package dev.klite.kubelet.logs;

import java.util.Map;
import java.util.Optional;

/** Looks up the containers of a pod on this node. Thread-safe and non-blocking (called on the event loop). */
public interface LogTargets {
  /** The pod's containers (init and regular) by name, or empty when the pod is not on this node. */
  Optional<Map<String, LogTarget>> containers(String namespace, String pod);
}

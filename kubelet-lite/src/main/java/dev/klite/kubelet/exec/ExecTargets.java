package dev.klite.kubelet.exec;

import java.util.Map;
import java.util.Optional;

/** Looks up where to exec. Thread-safe and non-blocking (called on the event loop). */
public interface ExecTargets {
  /**
   * The pod's running containers by name (init and regular); empty when the pod is not on this node. A container
   * that is not running is absent from the map, as the runtime's running-pod view of upstream's findContainer.
   */
  Optional<Map<String, ExecTarget>> running(String namespace, String pod);
}

package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Small shared rules about namespaces for the per-namespace controllers. */
public final class Namespaces {

  private Namespaces() {}

  /** Neither being deleted nor in phase Terminating: objects may still be created in it. */
  public static boolean isActive(Namespace namespace) {
    return namespace.getMetadata().getDeletionTimestamp() == null
        && (namespace.getStatus() == null || !"Terminating".equals(namespace.getStatus().getPhase()));
  }

  /**
   * Whether a create failed only because the namespace is gone or terminating (404, or 403 with
   * the {@code NamespaceTerminating} cause): upstream's per-namespace controllers do not retry those.
   */
  public static boolean isGoneOrTerminating(KubernetesClientException e) {
    if (e.getCode() == 404) {
      return true;
    }
    return e.getCode() == 403 && e.getStatus() != null && e.getStatus().getDetails() != null
        && e.getStatus().getDetails().getCauses() != null
        && e.getStatus().getDetails().getCauses().stream().anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
  }
}

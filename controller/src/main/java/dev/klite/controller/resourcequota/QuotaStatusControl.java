package dev.klite.controller.resourcequota;

import io.fabric8.kubernetes.api.model.ResourceQuota;

/** Side-effect seam of the ResourceQuota controller; blocks on one API call, throws KubernetesClientException. */
public interface QuotaStatusControl {

  /** PUT {@code resourcequotas/status} with the resourceVersion the quota carries (409 when stale). */
  void updateStatus(ResourceQuota quota);
}

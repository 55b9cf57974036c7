package dev.klite.controller.resourcequota;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** {@link QuotaStatusControl} over fabric8. */
public final class Fabric8QuotaStatusControl implements QuotaStatusControl {

  private final KubernetesClient client;

  public Fabric8QuotaStatusControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public void updateStatus(ResourceQuota quota) {
    client.resourceQuotas().inNamespace(quota.getMetadata().getNamespace()).resource(quota).updateStatus();
  }
}

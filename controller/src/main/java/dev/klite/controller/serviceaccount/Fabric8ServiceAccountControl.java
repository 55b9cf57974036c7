package dev.klite.controller.serviceaccount;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** {@link ServiceAccountControl} over fabric8. */
public final class Fabric8ServiceAccountControl implements ServiceAccountControl {

  private final KubernetesClient client;

  public Fabric8ServiceAccountControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public void create(String namespace, String name) {
    client.serviceAccounts().inNamespace(namespace)
        .resource(new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }
}

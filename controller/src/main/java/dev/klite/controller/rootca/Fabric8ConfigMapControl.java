package dev.klite.controller.rootca;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** {@link ConfigMapControl} over fabric8. */
public final class Fabric8ConfigMapControl implements ConfigMapControl {

  private final KubernetesClient client;

  public Fabric8ConfigMapControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public void create(String namespace, ConfigMap configMap) {
    client.configMaps().inNamespace(namespace).resource(configMap).create();
  }

  @Override
  public void update(ConfigMap configMap) {
    client.configMaps().inNamespace(configMap.getMetadata().getNamespace()).resource(configMap).update();
  }
}

package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Reads ConfigMaps and Secrets straight from the API server (the kubelet's "Get" change-detection strategy). */
public final class Fabric8ConfigSource implements ConfigSource {
  private final KubernetesClient client;

  public Fabric8ConfigSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  @Override
  public List<Service> services(String namespace) {
    return client.services().inNamespace(namespace).list().getItems();
  }
}

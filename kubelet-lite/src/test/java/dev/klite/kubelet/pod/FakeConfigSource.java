package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** ConfigMaps (by name, in any namespace) and Services (by namespace) a test puts in; nothing else exists. */
final class FakeConfigSource implements ConfigSource {
  private final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  private final Map<String, List<Service>> services = new ConcurrentHashMap<>();

  FakeConfigSource withConfigMap(ConfigMap cm) {
    configMaps.put(cm.getMetadata().getName(), cm);
    return this;
  }

  FakeConfigSource withServices(String namespace, List<Service> list) {
    services.put(namespace, List.copyOf(list));
    return this;
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(configMaps.get(name));
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.empty();
  }

  @Override
  public List<Service> services(String namespace) {
    return services.getOrDefault(namespace, List.of());
  }
}

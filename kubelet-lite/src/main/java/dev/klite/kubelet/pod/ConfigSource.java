package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;

/** Where env values from ConfigMaps and Secrets come from. Called on pod worker threads; may block on HTTP. */
public interface ConfigSource {
  /** The ConfigMap, or empty when it does not exist. Other failures throw. */
  Optional<ConfigMap> configMap(String namespace, String name);

  /** The Secret, or empty when it does not exist. Other failures throw. */
  Optional<Secret> secret(String namespace, String name);

  /** The Services of a namespace, for the service environment variables. Failures throw. */
  default List<Service> services(String namespace) {
    return List.of();
  }
}

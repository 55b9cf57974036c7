package dev.klite.controller.rootca;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** Side-effect seam of the root-CA publisher; blocks on one API call, throws KubernetesClientException. */
public interface ConfigMapControl {

  /** POST the ConfigMap into the namespace. */
  void create(String namespace, ConfigMap configMap);

  /** PUT the ConfigMap with the resourceVersion it carries (409 when stale). */
  void update(ConfigMap configMap);
}

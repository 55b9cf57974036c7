package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * The volume ServiceAccount admission gives every pod (plugin/pkg/admission/serviceaccount: a token of 3607 s, the
 * cluster's CA from {@code kube-root-ca.crt} and the namespace, defaultMode 0644), mounted read-only at
 * {@code /var/run/secrets/kubernetes.io/serviceaccount}, as the API server will produce it.
 */
final class KubeApiAccessVolumes {
  static final String NAME = "kube-api-access-abcde";
  static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

  private KubeApiAccessVolumes() {}

  static Volume volume() {
    return new VolumeBuilder().withName(NAME).withNewProjected().withDefaultMode(420)
        .addNewSource().withNewServiceAccountToken().withExpirationSeconds(3607L).withPath("token")
        .endServiceAccountToken().endSource()
        .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt")
        .withPath("ca.crt").endItem().endConfigMap().endSource()
        .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef().withApiVersion("v1")
        .withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
        .endProjected().build();
  }

  static VolumeMount mount() {
    return new VolumeMountBuilder().withName(NAME).withMountPath(MOUNT_PATH).withReadOnly(true).build();
  }

  /** The {@code kubernetes} Service of {@code default}, as klite's API server creates it. */
  static Service masterService() {
    return new ServiceBuilder().withNewMetadata().withNamespace("default").withName("kubernetes").endMetadata()
        .withNewSpec().withClusterIP("10.96.0.1").addNewPort().withName("https").withPort(443).withProtocol("TCP")
        .withNewTargetPort(6443).endPort().endSpec().build();
  }

  static ConfigMap rootCa() {
    return new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt").endMetadata().addToData("ca.crt", CA)
        .build();
  }
}

package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/apimachinery/resource_quota.go: quota usage follows the objects in the namespace. */
@EnableKlite
class ResourceQuotaIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  KubernetesClient client;

  private String used(String resource) {
    ResourceQuota q = client.resourceQuotas().withName("test-quota").get();
    if (q.getStatus() == null || q.getStatus().getUsed() == null) return null;
    Quantity used = q.getStatus().getUsed().get(resource);
    return used == null ? null : used.toString();
  }

  private void awaitUsed(String resource, Supplier<String> expected) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(used(resource)).isEqualTo(expected.get()));
  }

  /**
   * Upstream waits for the namespace's object count to settle before it creates the quota, because
   * controllers add objects to new namespaces; here the one such object is the root-CA publisher's
   * kube-root-ca.crt ConfigMap, so wait for it first.
   */
  private int count(String resource) {
    if ("configmaps".equals(resource)) {
      await().atMost(WAIT).until(() -> client.configMaps().withName("kube-root-ca.crt").get() != null);
      return client.configMaps().list().getItems().size();
    }
    return client.secrets().list().getItems().size();
  }

  private void createQuota(String resource) {
    client.resourceQuotas().resource(new ResourceQuotaBuilder().withNewMetadata().withName("test-quota").endMetadata()
        .withNewSpec().addToHard(resource, new Quantity("10")).endSpec().build()).create();
  }

  @Test
  @Conformance("[sig-api-machinery] ResourceQuota should create a ResourceQuota and capture the life of a configMap.")
  void resourcequotaShouldCreateAResourcequotaAndCaptureTheLifeOfAConfigmap() {
    int before = count("configmaps");
    createQuota("configmaps");
    awaitUsed("configmaps", () -> Integer.toString(before));
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("test-configmap").endMetadata()
        .addToData("a", "b").build()).create();
    awaitUsed("configmaps", () -> Integer.toString(before + 1));
    client.configMaps().withName("test-configmap").delete();
    awaitUsed("configmaps", () -> Integer.toString(before));
  }

  @Test
  @Conformance("[sig-api-machinery] ResourceQuota should create a ResourceQuota and capture the life of a secret.")
  void resourcequotaShouldCreateAResourcequotaAndCaptureTheLifeOfASecret() {
    int before = count("secrets");
    createQuota("secrets");
    awaitUsed("secrets", () -> Integer.toString(before));
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("test-secret").endMetadata()
        .addToStringData("a", "b").build()).create();
    awaitUsed("secrets", () -> Integer.toString(before + 1));
    client.secrets().withName("test-secret").delete();
    awaitUsed("secrets", () -> Integer.toString(before));
  }

  /** Upstream's quota admission: once the controller has filled the status, a create over quota is refused. */
  @Test
  void aCreateOverQuotaIsForbiddenWithTheExceededQuotaMessage() {
    int before = count("configmaps");
    client.resourceQuotas().resource(new ResourceQuotaBuilder().withNewMetadata().withName("test-quota").endMetadata()
        .withNewSpec().addToHard("configmaps", new Quantity(Integer.toString(before + 1))).endSpec().build()).create();
    awaitUsed("configmaps", () -> Integer.toString(before));
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("fits").endMetadata().build()).create();

    var refused = org.assertj.core.api.Assertions.catchThrowableOfType(KubernetesClientException.class, () ->
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("too-many").endMetadata().build())
            .create());
    assertThat(refused).as("the create over quota is refused").isNotNull();
    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getStatus().getMessage()).isEqualTo("configmaps \"too-many\" is forbidden: exceeded quota: test-quota, "
        + "requested: configmaps=1, used: configmaps=" + (before + 1) + ", limited: configmaps=" + (before + 1));
  }
}

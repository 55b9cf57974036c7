package dev.klite.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ServiceAccount controller and the root-CA publisher inside the whole ControllerManager,
 * against fabric8's CRUD mock: the CA published is the one the manager's client is configured with.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerManagerNamespaceDefaultsTest {

  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  static KubernetesClient client;
  private KubernetesClient managerClient;
  private ControllerManager manager;

  @BeforeEach
  void start() {
    managerClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withCaCertData(Base64.getEncoder().encodeToString(CA.getBytes(StandardCharsets.UTF_8))).build()).build();
    manager = ControllerManager.start(managerClient, new ControllerManagerConfig(Clock.systemUTC(), Duration.ofMillis(50),
        Duration.ofSeconds(1), 2).withJobSyncBatchPeriod(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    manager.close();
    managerClient.close();
  }

  private ServiceAccount defaultAccount(String ns) {
    return client.serviceAccounts().inNamespace(ns).withName("default").get();
  }

  private ConfigMap rootCa(String ns) {
    return client.configMaps().inNamespace(ns).withName("kube-root-ca.crt").get();
  }

  @Test
  void everyNamespaceGetsTheDefaultServiceAccountBackAfterItsDeletion() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sa1").endMetadata()
        .withNewStatus().withPhase("Active").endStatus().build()).create();
    MockCluster.eventually().untilAsserted(() -> assertThat(defaultAccount("sa1")).isNotNull());

    client.serviceAccounts().inNamespace("sa1").withName("default").delete();
    MockCluster.eventually().untilAsserted(() -> assertThat(defaultAccount("sa1")).isNotNull());
  }

  @Test
  void everyNamespaceGetsTheRootCaConfigMapRestoredWhenChangedOrDeleted() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ca1").endMetadata()
        .withNewStatus().withPhase("Active").endStatus().build()).create();
    MockCluster.eventually().untilAsserted(() -> assertThat(rootCa("ca1").getData()).isEqualTo(Map.of("ca.crt", CA)));

    client.configMaps().inNamespace("ca1").withName("kube-root-ca.crt")
        .edit(cm -> new ConfigMapBuilder(cm).withData(Map.of("ca.crt", "changed")).build());
    MockCluster.eventually().untilAsserted(() -> assertThat(rootCa("ca1").getData()).isEqualTo(Map.of("ca.crt", CA)));

    client.configMaps().inNamespace("ca1").withName("kube-root-ca.crt").delete();
    MockCluster.eventually().untilAsserted(() -> assertThat(rootCa("ca1").getData()).isEqualTo(Map.of("ca.crt", CA)));
  }
}

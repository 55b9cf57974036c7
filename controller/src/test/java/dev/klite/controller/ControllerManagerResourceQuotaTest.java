package dev.klite.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ResourceQuota controller inside the whole ControllerManager, against fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class ControllerManagerResourceQuotaTest {

  static KubernetesClient client;
  private ControllerManager manager;

  @BeforeEach
  void start() {
    manager = ControllerManager.start(client, new ControllerManagerConfig(Clock.systemUTC(), Duration.ofMillis(50),
        Duration.ofSeconds(1), 2).withJobSyncBatchPeriod(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  private Map<String, Quantity> used(String ns) {
    ResourceQuota q = client.resourceQuotas().inNamespace(ns).withName("quota").get();
    return q.getStatus() == null ? null : q.getStatus().getUsed();
  }

  @Test
  void usageFollowsTheObjectsOfTheNamespace() {
    client.configMaps().inNamespace("rq1").resource(new ConfigMapBuilder().withNewMetadata().withName("before")
        .endMetadata().build()).create();
    client.resourceQuotas().inNamespace("rq1").resource(new ResourceQuotaBuilder().withNewMetadata().withName("quota")
        .endMetadata().withNewSpec().addToHard("configmaps", new Quantity("10")).addToHard("pods", new Quantity("5"))
        .addToHard("requests.cpu", new Quantity("2")).addToHard("count/resourcequotas", new Quantity("1"))
        .endSpec().build()).create();
    MockCluster.eventually().untilAsserted(() -> {
      assertThat(used("rq1")).isEqualTo(Map.of("configmaps", new Quantity("1"), "pods", new Quantity("0"),
          "requests.cpu", new Quantity("0"), "count/resourcequotas", new Quantity("1")));
      assertThat(client.resourceQuotas().inNamespace("rq1").withName("quota").get().getStatus().getHard())
          .containsEntry("configmaps", new Quantity("10"));
    });

    client.configMaps().inNamespace("rq1").resource(new ConfigMapBuilder().withNewMetadata().withName("after")
        .endMetadata().build()).create();
    client.pods().inNamespace("rq1").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").withNewResources()
        .addToRequests("cpu", new Quantity("250m")).endResources().endContainer().endSpec().build()).create();
    MockCluster.eventually().untilAsserted(() -> assertThat(used("rq1"))
        .containsEntry("configmaps", new Quantity("2")).containsEntry("pods", new Quantity("1"))
        .containsEntry("requests.cpu", new Quantity("250m")));

    client.configMaps().inNamespace("rq1").withName("before").delete();
    client.pods().inNamespace("rq1").withName("p").delete();
    MockCluster.eventually().untilAsserted(() -> assertThat(used("rq1"))
        .containsEntry("configmaps", new Quantity("1")).containsEntry("pods", new Quantity("0"))
        .containsEntry("requests.cpu", new Quantity("0")));
  }
}

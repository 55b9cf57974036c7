package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class Fabric8PodApiTest {
  static KubernetesClient client;

  private Pod create(String name) {
    return client.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName(name)
        .withNamespace("ns").endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().build()).create();
  }

  @Test
  void writesTheStatusSubresourceFromAStaleCopyKeepingOtherChanges() {
    Pod created = create("p1");
    // Someone else changes the pod: our copy's resourceVersion is now stale.
    client.pods().inNamespace("ns").withName("p1").edit(p -> new PodBuilder(p).editMetadata()
        .addToLabels("x", "y").endMetadata().build());
    PodStatus status = new PodStatusBuilder().withPhase("Running").withPodIP("10.0.0.1").build();
    Pod written = new Fabric8PodApi(client).writeStatus(created, status).orElseThrow();
    assertThat(written.getStatus().getPhase()).isEqualTo("Running");
    Pod stored = client.pods().inNamespace("ns").withName("p1").get();
    assertThat(stored.getStatus().getPodIP()).isEqualTo("10.0.0.1");
    assertThat(stored.getMetadata().getLabels()).containsEntry("x", "y");
  }

  @Test
  void writingTheStatusOfAVanishedPodReportsEmpty() {
    Pod created = create("p2");
    client.pods().inNamespace("ns").withName("p2").delete();
    assertThat(new Fabric8PodApi(client).writeStatus(created, new PodStatus())).isEmpty();
  }

  @Test
  void finalDeleteRemovesThePod() {
    Pod created = create("p3");
    new Fabric8PodApi(client).deleteFinally(created);
    assertThat(client.pods().inNamespace("ns").withName("p3").get()).isNull();
    // Deleting again (already gone) is not an error.
    new Fabric8PodApi(client).deleteFinally(created);
  }
}

package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeated kubelet events are aggregated into one Event with a count, as client-go's correlator does. */
@EnableKubernetesMockClient(crud = true)
class Fabric8EventRecorderTest {
  static KubernetesClient client;

  @Test
  void aRepeatedEventBumpsTheCountOfTheExistingOne() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ev").withUid("u").endMetadata().build();
    try (Fabric8EventRecorder recorder = new Fabric8EventRecorder(client, "node-a", Clock.systemUTC())) {
      for (int i = 0; i < 3; i++) {
        recorder.record(pod, "spec.containers{main}", EventRecorder.WARNING, "Unhealthy",
            "Readiness probe failed: no");
      }
      recorder.record(pod, "spec.containers{main}", EventRecorder.WARNING, "Unhealthy", "Readiness probe failed: x");
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      List<Event> events = client.v1().events().inNamespace("ev").list().getItems();
      assertThat(events).extracting(e -> e.getMessage() + " x" + e.getCount())
          .containsExactlyInAnyOrder("Readiness probe failed: no x3", "Readiness probe failed: x x1");
    });
  }
}

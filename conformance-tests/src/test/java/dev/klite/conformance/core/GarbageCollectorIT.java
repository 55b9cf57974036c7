package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/apimachinery/garbage_collector.go. */
@EnableKlite
class GarbageCollectorIT {
  KubernetesClient client;

  private Pod create(String name) {
    return client.pods().resource(TestPods.shell(name, "Always", "sleep 3600").build()).create();
  }

  private void ownedBy(String name, Pod owner) {
    client.pods().withName(name).edit(p -> new PodBuilder(p).editMetadata().withOwnerReferences(new OwnerReferenceBuilder()
        .withApiVersion("v1").withKind("Pod").withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withBlockOwnerDeletion(true).build()).endMetadata().build());
  }

  @Test
  @Conformance("[sig-api-machinery] Garbage collector should not be blocked by dependency circle")
  void garbageCollectorShouldNotBeBlockedByDependencyCircle() {
    Pod pod1 = create("pod1");
    Pod pod2 = create("pod2");
    Pod pod3 = create("pod3");
    ownedBy("pod1", pod3);
    ownedBy("pod2", pod1);
    ownedBy("pod3", pod2);

    client.pods().withName("pod1").delete();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(client.pods().list().getItems()).extracting(p -> p.getMetadata().getName()).doesNotContain("pod1", "pod2", "pod3"));
  }
}

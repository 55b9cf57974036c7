package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/apimachinery/garbage_collector.go. */
@EnableKlite
class GarbageCollectorIT {
  KubernetesClient client;

  private Pod create(String name) {
    return client.pods().resource(TestPods.shell(name, "Always", "sleep 3600").build()).create();
  }

  /**
   * As upstream's spec, a patch without a resourceVersion: the kubelet writes the pod's status meanwhile, and a
   * read-modify-write would meet a 409 Conflict.
   */
  private void ownedBy(String name, Pod owner) {
    client.pods().withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        ("{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"%s\","
            + "\"uid\":\"%s\",\"blockOwnerDeletion\":true}]}}")
            .formatted(owner.getMetadata().getName(), owner.getMetadata().getUid()));
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

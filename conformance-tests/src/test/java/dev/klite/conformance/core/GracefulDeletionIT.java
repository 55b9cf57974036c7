package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Graceful deletion of a pod held by a finalizer, as the Job controller and the kubelet drive it: the
 * Job controller DELETEs a pod (grace period from the spec) that still carries its tracking
 * finalizer; the kubelet stops the containers and sends its final DELETE with gracePeriodSeconds=0
 * (status_manager.go); the controller then removes the finalizer. Upstream
 * (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go BeforeDelete) lets a second DELETE
 * shorten the grace period, and the store removes the object as soon as its last finalizer goes
 * while the grace period is 0, whichever of the last two steps comes first.
 */
@EnableKlite
class GracefulDeletionIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  KubernetesClient client;

  /** A pod bound to a node no kubelet serves, so only the API server acts on it. */
  private Pod heldPod(String name) {
    return client.pods().resource(new PodBuilder(TestPods.shell(name, "Never", "sleep 3600").build())
        .editMetadata().addToFinalizers("example.com/hold").endMetadata()
        .editSpec().withNodeName("no-kubelet-here").withTerminationGracePeriodSeconds(30L).endSpec().build()).create();
  }

  private void removeFinalizer(String name) {
    client.pods().withName(name).patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
  }

  @Test
  void secondDeleteWithAShorterGracePeriodShortensIt() {
    heldPod("shortened");
    client.pods().withName("shortened").delete();
    assertThat(client.pods().withName("shortened").get().getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);

    client.pods().withName("shortened").withGracePeriod(0).delete();
    Pod pod = client.pods().withName("shortened").get();
    assertThat(pod).as("still held by its finalizer").isNotNull();
    assertThat(pod.getMetadata().getDeletionGracePeriodSeconds()).isZero();

    removeFinalizer("shortened");
    await().atMost(WAIT).until(() -> client.pods().withName("shortened").get() == null);
  }

  @Test
  void podWhoseGracePeriodEndedGoesWhenItsLastFinalizerIsRemoved() {
    heldPod("released");
    client.pods().withName("released").withGracePeriod(0).delete();
    assertThat(client.pods().withName("released").get()).as("held by its finalizer").isNotNull();

    removeFinalizer("released");
    await().atMost(WAIT).until(() -> client.pods().withName("released").get() == null);
  }
}

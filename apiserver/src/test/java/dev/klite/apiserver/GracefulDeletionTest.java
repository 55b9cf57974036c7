package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A second DELETE of a pod whose graceful deletion is pending may only shorten it (upstream
 * {@code apiserver/pkg/registry/rest/delete.go} BeforeDelete). The kubelet's final DELETE with
 * gracePeriodSeconds=0 often arrives while the Job controller's tracking finalizer is still on the
 * pod: the object must then go as soon as the finalizer does.
 */
class GracefulDeletionTest extends InMemoryServerTest {

  private static void heldPod(String name) {
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","finalizers":["example.com/hold"]},
         "spec":{"nodeName":"n1","terminationGracePeriodSeconds":30,
          "containers":[{"name":"main","image":"busybox"}]}}""".formatted(name));
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
  }

  private static Response release(String name) {
    return client.send("PATCH", "/api/v1/namespaces/default/pods/" + name, "{\"metadata\":{\"finalizers\":null}}",
        "application/merge-patch+json", null);
  }

  @Test
  void aZeroGraceDeleteOfAPendingDeletionLetsTheLastFinalizerRemoveThePod() {
    heldPod("zero");
    Response first = client.delete("/api/v1/namespaces/default/pods/zero", null);
    assertThat(first.json().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
    Instant due = Instant.parse(first.json().path("metadata").path("deletionTimestamp").asString());

    Response second = client.delete("/api/v1/namespaces/default/pods/zero", "{\"gracePeriodSeconds\":0}");
    assertThat(second.code()).isEqualTo(200);
    assertThat(second.json().path("metadata").path("deletionGracePeriodSeconds").asLong()).isZero();
    // The deadline moves back by the 30 s taken off: it counts from the first request.
    assertThat(Instant.parse(second.json().path("metadata").path("deletionTimestamp").asString()))
        .isEqualTo(due.minus(Duration.ofSeconds(30)));
    assertThat(client.get("/api/v1/namespaces/default/pods/zero").code()).as("held by its finalizer").isEqualTo(200);

    Response released = release("zero");
    assertThat(released.code()).as(released.body()).isEqualTo(200);
    assertThat(client.get("/api/v1/namespaces/default/pods/zero").code()).isEqualTo(404);
  }

  @Test
  void aLongerGracePeriodLeavesThePendingDeletionAsItWas() {
    heldPod("longer");
    Response first = client.delete("/api/v1/namespaces/default/pods/longer", "{\"gracePeriodSeconds\":10}");
    Response second = client.delete("/api/v1/namespaces/default/pods/longer", "{\"gracePeriodSeconds\":60}");
    assertThat(second.json().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(10);
    assertThat(second.json().path("metadata").path("deletionTimestamp").asString())
        .isEqualTo(first.json().path("metadata").path("deletionTimestamp").asString());
    Response shorter = client.delete("/api/v1/namespaces/default/pods/longer", "{\"gracePeriodSeconds\":4}");
    assertThat(shorter.json().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(4);
    release("longer");
    // Still within its (shortened) grace period: the kubelet finishes the delete, not the finalizer removal.
    assertThat(client.get("/api/v1/namespaces/default/pods/longer").code()).isEqualTo(200);
  }
}

package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.Names;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream test/e2e/apimachinery/namespace.go. */
@EnableKlite
class NamespacesIT {
  KubernetesClient client;
  Klite klite;
  @TempDir Path work;
  private String extra;

  private Namespace createNamespace(String prefix) {
    extra = Names.unique(prefix);
    return client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(extra).endMetadata().build()).create();
  }

  @AfterEach
  void deleteExtraNamespace() {
    if (extra != null) client.namespaces().withName(extra).delete();
  }

  @Test
  @Conformance("[sig-api-machinery] Namespaces [Serial] should ensure that all pods are removed when a namespace is deleted")
  void namespacesShouldEnsureThatAllPodsAreRemovedWhenANamespaceIsDeleted() {
    String ns = createNamespace("nsdeletetest").getMetadata().getName();
    client.pods().inNamespace(ns).resource(TestPods.shell("test-pod", "Never", "sleep 3600").build()).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> TestPods.phase("Running").test(client.pods().inNamespace(ns).withName("test-pod").get()));

    client.namespaces().withName(ns).delete();
    await().atMost(Duration.ofSeconds(90)).until(() -> client.namespaces().withName(ns).get() == null);

    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
  }

  @Test
  @Conformance("[sig-api-machinery] Namespaces [Serial] should ensure that all services are removed when a namespace is deleted")
  void namespacesShouldEnsureThatAllServicesAreRemovedWhenANamespaceIsDeleted() {
    String ns = createNamespace("nsdeletetest").getMetadata().getName();
    client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("test-service").endMetadata()
        .withNewSpec().addToSelector("foo", "bar").addNewPort().withPort(80).withNewTargetPort(80).endPort().endSpec().build()).create();

    client.namespaces().withName(ns).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> client.namespaces().withName(ns).get() == null);

    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    assertThat(client.services().inNamespace(ns).withName("test-service").get()).isNull();
  }

  @Test
  @Conformance("[sig-api-machinery] Namespaces [Serial] should patch a Namespace")
  void namespacesShouldPatchANamespace() {
    String ns = createNamespace("nspatchtest").getMetadata().getName();
    client.namespaces().withName(ns).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"metadata\":{\"labels\":{\"testLabel\":\"testValue\"}}}");
    assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels()).containsEntry("testLabel", "testValue");
  }

  @Test
  @Conformance("[sig-api-machinery] Namespaces [Serial] should apply changes to a namespace status")
  void namespacesShouldApplyChangesToANamespaceStatus() {
    String ns = createNamespace("e2e-ns").getMetadata().getName();
    Namespace read = client.namespaces().withName(ns).get();
    assertThat(read.getStatus().getPhase()).isEqualTo("Active");

    Namespace patched = client.namespaces().withName(ns).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), """
        {"status":{"conditions":[{"type":"StatusPatch","status":"True","reason":"E2E","message":"Patched by an e2e test"}]}}""");
    assertThat(patched.getStatus().getConditions()).extracting(NamespaceCondition::getType).contains("StatusPatch");

    Namespace current = client.namespaces().withName(ns).get();
    current.getStatus().getConditions().add(new NamespaceConditionBuilder()
        .withType("StatusUpdate").withStatus("True").withReason("E2E").withMessage("Updated by an e2e test").build());
    Namespace updated = client.namespaces().resource(current).updateStatus();
    assertThat(updated.getStatus().getConditions()).extracting(NamespaceCondition::getType).contains("StatusPatch", "StatusUpdate");
    assertThat(updated.getStatus().getPhase()).isEqualTo("Active");
  }

  @Test
  @Conformance("[sig-api-machinery] Namespaces [Serial] should apply an update to a Namespace")
  void namespacesShouldApplyAnUpdateToANamespace() {
    String ns = createNamespace("e2e-ns").getMetadata().getName();
    Namespace updated = client.namespaces().withName(ns).edit(n -> new NamespaceBuilder(n).editMetadata()
        .addToLabels("e2e-ns-update", "updated").endMetadata().build());
    assertThat(updated.getMetadata().getLabels()).containsEntry("e2e-ns-update", "updated");
    assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels()).containsEntry("e2e-ns-update", "updated");
  }

  @Test
  @Conformance("[sig-api-machinery] Namespaces [Serial] should apply a finalizer to a Namespace")
  void namespacesShouldApplyAFinalizerToANamespace() throws Exception {
    String ns = createNamespace("e2e-ns").getMetadata().getName();
    Namespace current = client.namespaces().withName(ns).get();
    assertThat(current.getSpec().getFinalizers()).containsExactly("kubernetes");

    current.getSpec().setFinalizers(List.of("kubernetes", "e2e.example.com/fakeFinalizer"));
    Path body = Files.writeString(work.resolve("finalize.json"), client.getKubernetesSerialization().asJson(current));
    klite.kubectl("replace", "--raw", "/api/v1/namespaces/" + ns + "/finalize", "-f", body.toString()).orThrow();
    assertThat(client.namespaces().withName(ns).get().getSpec().getFinalizers())
        .containsExactly("kubernetes", "e2e.example.com/fakeFinalizer");

    Namespace again = client.namespaces().withName(ns).get();
    again.getSpec().setFinalizers(List.of("kubernetes"));
    Files.writeString(body, client.getKubernetesSerialization().asJson(again));
    klite.kubectl("replace", "--raw", "/api/v1/namespaces/" + ns + "/finalize", "-f", body.toString()).orThrow();
    assertThat(client.namespaces().withName(ns).get().getSpec().getFinalizers()).containsExactly("kubernetes");
  }
}

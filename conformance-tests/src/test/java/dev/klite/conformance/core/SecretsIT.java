package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/secrets.go and test/e2e/common/storage/secrets_volume.go. */
@EnableKlite
class SecretsIT {
  KubernetesClient client;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private Secret createSecret(String name) {
    return client.secrets().resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData(Map.of("data-1", b64("value-1"), "data-2", b64("value-2"), "data-3", b64("value-3"))).build()).create();
  }

  private String runToSuccess(Pod pod) {
    client.pods().resource(pod).create();
    String name = pod.getMetadata().getName();
    Pod done = TestPods.await(client, name, Duration.ofSeconds(60), TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, name);
    assertThat(done.getStatus().getPhase()).as("phase; log:\n%s", log).isEqualTo("Succeeded");
    return log;
  }

  @Test
  @Conformance("[sig-node] Secrets should patch a secret")
  void secretsShouldPatchASecret() {
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("e2e-secret")
        .addToLabels("testsecret-constant", "true").endMetadata().addToData("key", b64("value")).withType("Opaque").build()).create();
    assertThat(client.secrets().inAnyNamespace().withLabel("testsecret-constant", "true").list().getItems())
        .extracting(s -> s.getMetadata().getName()).contains("e2e-secret");

    Secret patched = client.secrets().withName("e2e-secret").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"metadata\":{\"labels\":{\"testsecret\":\"true\"}},\"data\":{\"key\":\"" + b64("value1") + "\"}}");
    assertThat(patched.getMetadata().getLabels()).containsEntry("testsecret", "true");
    assertThat(patched.getData()).containsEntry("key", b64("value1"));

    client.secrets().withLabel("testsecret-constant", "true").delete();
    assertThat(client.secrets().withLabel("testsecret-constant", "true").list().getItems()).isEmpty();
  }

  @Test
  @Conformance("[sig-node] Secrets should fail to create secret due to empty secret key")
  void secretsShouldFailToCreateSecretDueToEmptySecretKey() {
    Secret bad = new SecretBuilder().withNewMetadata().withName("secret-emptykey-test").endMetadata()
        .addToData("", b64("value-1")).build();
    assertThatThrownBy(() -> client.secrets().resource(bad).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  @Conformance("[sig-storage] Secrets should be immutable if `immutable` field is set")
  void secretsShouldBeImmutableIfImmutableFieldIsSet() {
    createSecret("immutable");
    Secret frozen = client.secrets().withName("immutable").edit(s -> new SecretBuilder(s).withImmutable(true).build());
    assertThat(frozen.getImmutable()).isTrue();
    assertThatThrownBy(() -> client.secrets().withName("immutable")
        .edit(s -> new SecretBuilder(s).addToData("data-1", b64("changed")).build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("field is immutable when `immutable` is set");
        });
    assertThatThrownBy(() -> client.secrets().withName("immutable").edit(s -> new SecretBuilder(s).withImmutable(false).build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    Secret relabelled = client.secrets().withName("immutable")
        .edit(s -> new SecretBuilder(s).editMetadata().addToLabels("label1", "value1").endMetadata().build());
    assertThat(relabelled.getMetadata().getLabels()).containsEntry("label1", "value1");
    client.secrets().withName("immutable").delete();
    assertThat(client.secrets().withName("immutable").get()).isNull();
  }

  @Test
  @Conformance("[sig-node] Secrets should be consumable from pods in env vars")
  void secretsShouldBeConsumableFromPodsInEnvVars() {
    createSecret("secret-test");
    Pod pod = new PodBuilder(TestPods.shell("pod-secrets", "Never", "env").build()).editSpec().editFirstContainer()
        .addNewEnv().withName("SECRET_DATA").withNewValueFrom().withNewSecretKeyRef("data-1", "secret-test", false)
        .endValueFrom().endEnv().endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("SECRET_DATA=value-1");
  }

  @Test
  @Conformance("[sig-node] Secrets should be consumable via the environment")
  void secretsShouldBeConsumableViaTheEnvironment() {
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("secret-test").endMetadata()
        .addToData(Map.of("data_1", b64("value-1"), "data_2", b64("value-2"), "data_3", b64("value-3"))).build()).create();
    Pod pod = new PodBuilder(TestPods.shell("pod-secrets", "Never", "env").build()).editSpec().editFirstContainer()
        .addNewEnvFrom().withNewSecretRef("secret-test", false).endEnvFrom()
        .addNewEnvFrom().withPrefix("p_").withNewSecretRef("secret-test", false).endEnvFrom()
        .endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("data_1=value-1", "data_2=value-2", "data_3=value-3", "p_data_1=value-1", "p_data_2=value-2", "p_data_3=value-3");
  }

  @Test
  @Conformance("[sig-storage] Secrets should be consumable from pods in volume")
  void secretsShouldBeConsumableFromPodsInVolume() {
    createSecret("secret-test");
    Pod pod = new PodBuilder(TestPods.shell("pod-secrets", "Never", "cat /etc/secret-volume/data-1").build())
        .editSpec().addNewVolume().withName("secret-volume").withNewSecret().withSecretName("secret-test").endSecret().endVolume()
        .editFirstContainer().addNewVolumeMount().withName("secret-volume").withMountPath("/etc/secret-volume").endVolumeMount()
        .endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("value-1");
  }
}

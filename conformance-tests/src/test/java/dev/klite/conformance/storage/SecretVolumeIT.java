package dev.klite.conformance.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.Names;
import dev.klite.conformance.support.VolumePods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/storage/secrets_volume.go (the specs not in SecretsIT). */
@EnableKlite
class SecretVolumeIT {
  private static final String PATH = "/etc/secret-volume";
  KubernetesClient client;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private void secret(KubernetesClient in, String name, String value) {
    in.secrets().resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData(Map.of("data-1", b64(value), "data-2", b64("value-2"), "data-3", b64("value-3"))).build()).create();
  }

  private static Volume volume(String name, String secret, Integer defaultMode, String key, String path, Integer itemMode) {
    VolumeBuilder v = new VolumeBuilder().withName(name).withNewSecret().withSecretName(secret).withDefaultMode(defaultMode).endSecret();
    if (key != null) v.editSecret().addNewItem().withKey(key).withPath(path).withMode(itemMode).endItem().endSecret();
    return v.build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(true).build();
  }

  @Test
  @Conformance("[sig-storage] Secrets should be consumable from pods in volume with defaultMode set [LinuxOnly]")
  void secretsShouldBeConsumableFromPodsInVolumeWithDefaultmodeSet() {
    secret(client, "secret-test", "value-1");
    String log = VolumePods.run(client, "pod-secrets", List.of(volume("secret-volume", "secret-test", 0400, null, null, null)),
        List.of(mount("secret-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/data-1; cat " + PATH + "/data-1");
    assertThat(log).isEqualTo("400\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Secrets should be consumable from pods in volume as non-root with defaultMode and fsGroup set [LinuxOnly]")
  void secretsShouldBeConsumableFromPodsInVolumeAsNonRootWithDefaultmodeAndFsgroupSet() {
    secret(client, "secret-test", "value-1");
    String log = VolumePods.run(client, "pod-secrets", List.of(volume("secret-volume", "secret-test", 0440, null, null, null)),
        List.of(mount("secret-volume", PATH)), 1000L, 1001L,
        "id -u; stat -L -c '%a %g' " + PATH + "/data-1; cat " + PATH + "/data-1");
    assertThat(log).isEqualTo("1000\n440 1001\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Secrets should be consumable from pods in volume with mappings")
  void secretsShouldBeConsumableFromPodsInVolumeWithMappings() {
    secret(client, "secret-test-map", "value-1");
    String log = VolumePods.run(client, "pod-secrets", List.of(volume("secret-volume", "secret-test-map", null, "data-1", "new-path-data-1", null)),
        List.of(mount("secret-volume", PATH)), null, null, "cat " + PATH + "/new-path-data-1");
    assertThat(log).isEqualTo("value-1");
  }

  @Test
  @Conformance("[sig-storage] Secrets should be consumable from pods in volume with mappings and Item Mode set [LinuxOnly]")
  void secretsShouldBeConsumableFromPodsInVolumeWithMappingsAndItemModeSet() {
    secret(client, "secret-test-map", "value-1");
    String log = VolumePods.run(client, "pod-secrets", List.of(volume("secret-volume", "secret-test-map", null, "data-1", "new-path-data-1", 0400)),
        List.of(mount("secret-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/new-path-data-1; cat " + PATH + "/new-path-data-1");
    assertThat(log).isEqualTo("400\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Secrets should be consumable in multiple volumes in a pod")
  void secretsShouldBeConsumableInMultipleVolumesInAPod() {
    secret(client, "secret-test", "value-1");
    String log = VolumePods.run(client, "pod-secrets", List.of(volume("secret-volume-1", "secret-test", null, null, null, null),
            volume("secret-volume-2", "secret-test", null, null, null, null)),
        List.of(mount("secret-volume-1", "/etc/secret-volume-1"), mount("secret-volume-2", "/etc/secret-volume-2")), null, null,
        "cat /etc/secret-volume-1/data-1; echo; cat /etc/secret-volume-2/data-1");
    assertThat(log).isEqualTo("value-1\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Secrets should be able to mount in a volume regardless of a different secret existing with same name in different namespace")
  void secretsShouldBeAbleToMountInAVolumeRegardlessOfADifferentSecretExistingWithSameNameInDifferentNamespace() {
    String other = Names.unique("secret-namespace");
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build()).create();
    try {
      secret(client, "secret-test", "value-1");
      client.secrets().inNamespace(other).resource(new SecretBuilder().withNewMetadata().withName("secret-test").endMetadata()
          .addToData("data-1", b64("value-from-the-other-namespace")).build()).create();
      String log = VolumePods.run(client, "pod-secrets", List.of(volume("secret-volume", "secret-test", null, null, null, null)),
          List.of(mount("secret-volume", PATH)), null, null, "cat " + PATH + "/data-1");
      assertThat(log).isEqualTo("value-1");
    } finally {
      client.namespaces().withName(other).delete();
    }
  }

  @Test
  @Conformance("[sig-storage] Secrets optional updates should be reflected in volume")
  void secretsOptionalUpdatesShouldBeReflectedInVolume() {
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("s-test-opt-del").endMetadata()
        .addToData("data-1", b64("value-1")).build()).create();
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("s-test-opt-upd").endMetadata()
        .addToData("data-1", b64("value-1")).build()).create();
    List<Volume> volumes = List.of(
        new VolumeBuilder().withName("deletes-volume").withNewSecret().withSecretName("s-test-opt-del").withOptional(true).endSecret().build(),
        new VolumeBuilder().withName("updates-volume").withNewSecret().withSecretName("s-test-opt-upd").withOptional(true).endSecret().build(),
        new VolumeBuilder().withName("creates-volume").withNewSecret().withSecretName("s-test-opt-create").withOptional(true).endSecret().build());
    List<VolumeMount> mounts = List.of(mount("deletes-volume", "/etc/secret-volumes/delete"),
        mount("updates-volume", "/etc/secret-volumes/update"), mount("creates-volume", "/etc/secret-volumes/create"));
    VolumePods.loop(client, "pod-secrets-opt", volumes, mounts,
        "echo \"del=$(cat /etc/secret-volumes/delete/data-1 2>/dev/null) upd=$(cat /etc/secret-volumes/update/data-3 2>/dev/null)"
            + " create=$(cat /etc/secret-volumes/create/data-1 2>/dev/null)\"");
    await().atMost(Duration.ofSeconds(30)).until(() -> VolumePods.tail(client, "pod-secrets-opt", 30).endsWith("del=value-1 upd= create=\n"));

    client.secrets().withName("s-test-opt-del").delete();
    client.secrets().withName("s-test-opt-upd").edit(s -> new SecretBuilder(s).withData(Map.of("data-3", b64("value-3"))).build());
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName("s-test-opt-create").endMetadata()
        .addToData("data-1", b64("value-1")).build()).create();
    await().atMost(Duration.ofSeconds(90)).until(() -> VolumePods.tail(client, "pod-secrets-opt", 40)
        .endsWith("del= upd=value-3 create=value-1\n"));
  }
}

package dev.klite.conformance.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.VolumePods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/storage/projected_configmap.go and projected_secret.go: the same checks through projected volumes. */
@EnableKlite
class ProjectedVolumeIT {
  private static final String PATH = "/etc/projected-volume";
  KubernetesClient client;

  private void configMap(String name) {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData(Map.of("data-1", "value-1", "data-2", "value-2", "data-3", "value-3")).build()).create();
  }

  private void secret(String name) {
    var b64 = Base64.getEncoder();
    client.secrets().resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData(Map.of("data-1", b64.encodeToString("value-1".getBytes(StandardCharsets.UTF_8)),
            "data-2", b64.encodeToString("value-2".getBytes(StandardCharsets.UTF_8)))).build()).create();
  }

  /** A projected volume with one configMap ({@code secret == false}) or secret source. */
  private static Volume projected(String volume, boolean secret, String source, Integer defaultMode, KeyToPath item, Boolean optional) {
    VolumeProjectionBuilder p = new VolumeProjectionBuilder();
    if (secret) {
      p.withNewSecret().withName(source).withOptional(optional).withItems(item == null ? List.of() : List.of(item)).endSecret();
    } else {
      p.withNewConfigMap().withName(source).withOptional(optional).withItems(item == null ? List.of() : List.of(item)).endConfigMap();
    }
    return new VolumeBuilder().withName(volume).withNewProjected().withDefaultMode(defaultMode).withSources(p.build()).endProjected().build();
  }

  private static KeyToPath item(String key, String path, Integer mode) {
    return new io.fabric8.kubernetes.api.model.KeyToPathBuilder().withKey(key).withPath(path).withMode(mode).build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  private String run(List<Volume> volumes, List<VolumeMount> mounts, Long user, Long fsGroup, String script) {
    return VolumePods.run(client, "pod-projected", volumes, mounts, user, fsGroup, script);
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable from pods in volume")
  void projectedConfigmapShouldBeConsumableFromPodsInVolume() {
    configMap("projected-configmap-test-volume");
    assertThat(run(List.of(projected("projected-configmap-volume", false, "projected-configmap-test-volume", null, null, null)),
        List.of(mount("projected-configmap-volume", PATH)), null, null, "cat " + PATH + "/data-1")).isEqualTo("value-1");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable from pods in volume as non-root")
  void projectedConfigmapShouldBeConsumableFromPodsInVolumeAsNonRoot() {
    configMap("projected-configmap-test-volume");
    assertThat(run(List.of(projected("projected-configmap-volume", false, "projected-configmap-test-volume", null, null, null)),
        List.of(mount("projected-configmap-volume", PATH)), 1000L, null, "id -u; cat " + PATH + "/data-1")).isEqualTo("1000\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable from pods in volume with defaultMode set [LinuxOnly]")
  void projectedConfigmapShouldBeConsumableFromPodsInVolumeWithDefaultmodeSet() {
    configMap("projected-configmap-test-volume");
    assertThat(run(List.of(projected("projected-configmap-volume", false, "projected-configmap-test-volume", 0400, null, null)),
        List.of(mount("projected-configmap-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/data-1")).isEqualTo("400");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable from pods in volume with mappings")
  void projectedConfigmapShouldBeConsumableFromPodsInVolumeWithMappings() {
    configMap("projected-configmap-test-volume-map");
    assertThat(run(List.of(projected("projected-configmap-volume", false, "projected-configmap-test-volume-map", null,
            item("data-2", "path/to/data-2", null), null)),
        List.of(mount("projected-configmap-volume", PATH)), null, null, "cat " + PATH + "/path/to/data-2")).isEqualTo("value-2");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable from pods in volume with mappings and Item mode set [LinuxOnly]")
  void projectedConfigmapShouldBeConsumableFromPodsInVolumeWithMappingsAndItemModeSet() {
    configMap("projected-configmap-test-volume-map");
    assertThat(run(List.of(projected("projected-configmap-volume", false, "projected-configmap-test-volume-map", null,
            item("data-2", "path/to/data-2", 0400), null)),
        List.of(mount("projected-configmap-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/path/to/data-2")).isEqualTo("400");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable from pods in volume with mappings as non-root")
  void projectedConfigmapShouldBeConsumableFromPodsInVolumeWithMappingsAsNonRoot() {
    configMap("projected-configmap-test-volume-map");
    assertThat(run(List.of(projected("projected-configmap-volume", false, "projected-configmap-test-volume-map", null,
            item("data-2", "path/to/data-2", null), null)),
        List.of(mount("projected-configmap-volume", PATH)), 1000L, null, "id -u; cat " + PATH + "/path/to/data-2"))
        .isEqualTo("1000\nvalue-2");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap should be consumable in multiple volumes in the same pod")
  void projectedConfigmapShouldBeConsumableInMultipleVolumesInTheSamePod() {
    configMap("projected-configmap-test-volume");
    assertThat(run(List.of(projected("volume-1", false, "projected-configmap-test-volume", null, null, null),
            projected("volume-2", false, "projected-configmap-test-volume", null, null, null)),
        List.of(mount("volume-1", "/etc/projected-1"), mount("volume-2", "/etc/projected-2")), null, null,
        "cat /etc/projected-1/data-1; echo; cat /etc/projected-2/data-1")).isEqualTo("value-1\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Projected configMap updates should be reflected in volume")
  void projectedConfigmapUpdatesShouldBeReflectedInVolume() {
    configMap("projected-configmap-test-upd");
    VolumePods.loop(client, "pod-projected-upd", List.of(projected("projected-configmap-volume", false, "projected-configmap-test-upd",
        null, null, null)), List.of(mount("projected-configmap-volume", PATH)), "cat " + PATH + "/data-1; echo");
    await().atMost(Duration.ofSeconds(30)).until(() -> VolumePods.tail(client, "pod-projected-upd", 8).equals("value-1\n"));
    client.configMaps().withName("projected-configmap-test-upd").edit(c -> new ConfigMapBuilder(c).addToData("data-1", "value-2").build());
    await().atMost(Duration.ofSeconds(90)).until(() -> VolumePods.tail(client, "pod-projected-upd", 8).equals("value-2\n"));
  }

  @Test
  @Conformance("[sig-storage] Projected configMap optional updates should be reflected in volume")
  void projectedConfigmapOptionalUpdatesShouldBeReflectedInVolume() {
    VolumePods.loop(client, "pod-projected-opt", List.of(projected("creates-volume", false, "cm-test-opt-create", null, null, true)),
        List.of(mount("creates-volume", "/etc/projected-volume/create")),
        "echo \"create=$(cat /etc/projected-volume/create/data-1 2>/dev/null)\"");
    await().atMost(Duration.ofSeconds(30)).until(() -> VolumePods.tail(client, "pod-projected-opt", 8).equals("create=\n"));
    configMap("cm-test-opt-create");
    await().atMost(Duration.ofSeconds(90)).until(() -> VolumePods.tail(client, "pod-projected-opt", 15).equals("create=value-1\n"));
  }

  @Test
  @Conformance("[sig-storage] Projected secret should be consumable from pods in volume")
  void projectedSecretShouldBeConsumableFromPodsInVolume() {
    secret("projected-secret-test");
    assertThat(run(List.of(projected("projected-secret-volume", true, "projected-secret-test", null, null, null)),
        List.of(mount("projected-secret-volume", PATH)), null, null, "cat " + PATH + "/data-1")).isEqualTo("value-1");
  }

  @Test
  @Conformance("[sig-storage] Projected secret should be consumable from pods in volume as non-root with defaultMode and fsGroup set [LinuxOnly]")
  void projectedSecretShouldBeConsumableFromPodsInVolumeAsNonRootWithDefaultmodeAndFsgroupSet() {
    secret("projected-secret-test");
    assertThat(run(List.of(projected("projected-secret-volume", true, "projected-secret-test", 0440, null, null)),
        List.of(mount("projected-secret-volume", PATH)), 1000L, 1001L, "id -u; stat -L -c '%a %g' " + PATH + "/data-1; cat " + PATH + "/data-1"))
        .isEqualTo("1000\n440 1001\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Projected secret should be consumable from pods in volume with defaultMode set [LinuxOnly]")
  void projectedSecretShouldBeConsumableFromPodsInVolumeWithDefaultmodeSet() {
    secret("projected-secret-test");
    assertThat(run(List.of(projected("projected-secret-volume", true, "projected-secret-test", 0400, null, null)),
        List.of(mount("projected-secret-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/data-1")).isEqualTo("400");
  }

  @Test
  @Conformance("[sig-storage] Projected secret should be consumable from pods in volume with mappings")
  void projectedSecretShouldBeConsumableFromPodsInVolumeWithMappings() {
    secret("projected-secret-test-map");
    assertThat(run(List.of(projected("projected-secret-volume", true, "projected-secret-test-map", null,
            item("data-1", "new-path-data-1", null), null)),
        List.of(mount("projected-secret-volume", PATH)), null, null, "cat " + PATH + "/new-path-data-1")).isEqualTo("value-1");
  }

  @Test
  @Conformance("[sig-storage] Projected secret should be consumable from pods in volume with mappings and Item Mode set [LinuxOnly]")
  void projectedSecretShouldBeConsumableFromPodsInVolumeWithMappingsAndItemModeSet() {
    secret("projected-secret-test-map");
    assertThat(run(List.of(projected("projected-secret-volume", true, "projected-secret-test-map", null,
            item("data-1", "new-path-data-1", 0400), null)),
        List.of(mount("projected-secret-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/new-path-data-1")).isEqualTo("400");
  }

  @Test
  @Conformance("[sig-storage] Projected secret should be consumable in multiple volumes in a pod")
  void projectedSecretShouldBeConsumableInMultipleVolumesInAPod() {
    secret("projected-secret-test");
    assertThat(run(List.of(projected("volume-1", true, "projected-secret-test", null, null, null),
            projected("volume-2", true, "projected-secret-test", null, null, null)),
        List.of(mount("volume-1", "/etc/projected-1"), mount("volume-2", "/etc/projected-2")), null, null,
        "cat /etc/projected-1/data-1; echo; cat /etc/projected-2/data-1")).isEqualTo("value-1\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] Projected secret optional updates should be reflected in volume")
  void projectedSecretOptionalUpdatesShouldBeReflectedInVolume() {
    VolumePods.loop(client, "pod-projected-opt", List.of(projected("creates-volume", true, "s-test-opt-create", null, null, true)),
        List.of(mount("creates-volume", "/etc/projected-volume/create")),
        "echo \"create=$(cat /etc/projected-volume/create/data-1 2>/dev/null)\"");
    await().atMost(Duration.ofSeconds(30)).until(() -> VolumePods.tail(client, "pod-projected-opt", 8).equals("create=\n"));
    secret("s-test-opt-create");
    await().atMost(Duration.ofSeconds(90)).until(() -> VolumePods.tail(client, "pod-projected-opt", 15).equals("create=value-1\n"));
  }
}

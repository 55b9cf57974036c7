package dev.klite.conformance.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.VolumePods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/storage/configmap_volume.go (the specs not in ConfigMapIT), subpath and wrapper volumes. */
@EnableKlite
class ConfigMapVolumeIT {
  private static final String PATH = "/etc/configmap-volume";
  KubernetesClient client;

  private void configMap(String name) {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData(Map.of("data-1", "value-1", "data-2", "value-2", "data-3", "value-3")).build()).create();
  }

  private static Volume volume(String name, String configMap, Integer defaultMode, String key, String path, Integer itemMode) {
    VolumeBuilder v = new VolumeBuilder().withName(name).withNewConfigMap().withName(configMap).withDefaultMode(defaultMode).endConfigMap();
    if (key != null) v.editConfigMap().addNewItem().withKey(key).withPath(path).withMode(itemMode).endItem().endConfigMap();
    return v.build();
  }

  private static VolumeMount mount(String name, String path) {
    return new VolumeMountBuilder().withName(name).withMountPath(path).build();
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable from pods in volume with defaultMode set [LinuxOnly]")
  void configmapShouldBeConsumableFromPodsInVolumeWithDefaultmodeSet() {
    configMap("configmap-test-volume");
    String log = VolumePods.run(client, "pod-configmaps", List.of(volume("configmap-volume", "configmap-test-volume", 0400, null, null, null)),
        List.of(mount("configmap-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/data-1; cat " + PATH + "/data-1");
    assertThat(log).isEqualTo("400\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable from pods in volume as non-root")
  void configmapShouldBeConsumableFromPodsInVolumeAsNonRoot() {
    configMap("configmap-test-volume");
    String log = VolumePods.run(client, "pod-configmaps", List.of(volume("configmap-volume", "configmap-test-volume", null, null, null, null)),
        List.of(mount("configmap-volume", PATH)), 1000L, null, "id -u; cat " + PATH + "/data-1");
    assertThat(log).isEqualTo("1000\nvalue-1");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable from pods in volume with mappings and Item mode set [LinuxOnly]")
  void configmapShouldBeConsumableFromPodsInVolumeWithMappingsAndItemModeSet() {
    configMap("configmap-test-volume-map");
    String log = VolumePods.run(client, "pod-configmaps",
        List.of(volume("configmap-volume", "configmap-test-volume-map", null, "data-2", "path/to/data-2", 0400)),
        List.of(mount("configmap-volume", PATH)), null, null, "stat -L -c '%a' " + PATH + "/path/to/data-2; cat " + PATH + "/path/to/data-2");
    assertThat(log).isEqualTo("400\nvalue-2");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable from pods in volume with mappings as non-root")
  void configmapShouldBeConsumableFromPodsInVolumeWithMappingsAsNonRoot() {
    configMap("configmap-test-volume-map");
    String log = VolumePods.run(client, "pod-configmaps",
        List.of(volume("configmap-volume", "configmap-test-volume-map", null, "data-2", "path/to/data-2", null)),
        List.of(mount("configmap-volume", PATH)), 1000L, null, "id -u; cat " + PATH + "/path/to/data-2");
    assertThat(log).isEqualTo("1000\nvalue-2");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap binary data should be reflected in volume")
  void configmapBinaryDataShouldBeReflectedInVolume() {
    byte[] bytes = {(byte) 0xde, (byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xd0, (byte) 0xfe};
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("configmap-test-upd").endMetadata()
        .addToData("data-1", "value-1").addToBinaryData("dump.bin", Base64.getEncoder().encodeToString(bytes)).build()).create();
    String log = VolumePods.run(client, "pod-configmaps", List.of(volume("configmap-volume", "configmap-test-upd", null, null, null, null)),
        List.of(mount("configmap-volume", PATH)), null, null, "cat " + PATH + "/data-1; echo; od -An -tx1 " + PATH + "/dump.bin");
    assertThat(log.lines().toList()).containsExactly("value-1", " de ca fe ba d0 fe");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap updates should be reflected in volume")
  void configmapUpdatesShouldBeReflectedInVolume() {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("configmap-test-upd").endMetadata()
        .addToData("data-1", "value-1").build()).create();
    VolumePods.loop(client, "pod-configmaps-upd", List.of(volume("configmap-volume", "configmap-test-upd", null, null, null, null)),
        List.of(mount("configmap-volume", PATH)), "cat " + PATH + "/data-1; echo");
    await().atMost(Duration.ofSeconds(30)).until(() -> VolumePods.tail(client, "pod-configmaps-upd", 8).equals("value-1\n"));
    client.configMaps().withName("configmap-test-upd").edit(c -> new ConfigMapBuilder(c).addToData("data-1", "value-2").build());
    await().atMost(Duration.ofSeconds(90)).until(() -> VolumePods.tail(client, "pod-configmaps-upd", 8).equals("value-2\n"));
  }

  @Test
  @Conformance("[sig-storage] ConfigMap optional updates should be reflected in volume")
  void configmapOptionalUpdatesShouldBeReflectedInVolume() {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm-test-opt-del").endMetadata()
        .addToData("data-1", "value-1").build()).create();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm-test-opt-upd").endMetadata()
        .addToData("data-1", "value-1").build()).create();
    List<Volume> volumes = List.of(
        new VolumeBuilder().withName("deletes-volume").withNewConfigMap().withName("cm-test-opt-del").withOptional(true).endConfigMap().build(),
        new VolumeBuilder().withName("updates-volume").withNewConfigMap().withName("cm-test-opt-upd").withOptional(true).endConfigMap().build(),
        new VolumeBuilder().withName("creates-volume").withNewConfigMap().withName("cm-test-opt-create").withOptional(true).endConfigMap().build());
    List<VolumeMount> mounts = List.of(mount("deletes-volume", "/etc/cm-volume/delete"), mount("updates-volume", "/etc/cm-volume/update"),
        mount("creates-volume", "/etc/cm-volume/create"));
    VolumePods.loop(client, "pod-configmaps-opt", volumes, mounts,
        "echo \"del=$(cat /etc/cm-volume/delete/data-1 2>/dev/null) upd=$(cat /etc/cm-volume/update/data-3 2>/dev/null)"
            + " create=$(cat /etc/cm-volume/create/data-1 2>/dev/null)\"");
    await().atMost(Duration.ofSeconds(30)).until(() -> VolumePods.tail(client, "pod-configmaps-opt", 30).endsWith("del=value-1 upd= create=\n"));

    client.configMaps().withName("cm-test-opt-del").delete();
    client.configMaps().withName("cm-test-opt-upd").edit(c -> new ConfigMapBuilder(c).withData(Map.of("data-3", "value-3")).build());
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm-test-opt-create").endMetadata()
        .addToData("data-1", "value-1").build()).create();
    await().atMost(Duration.ofSeconds(90)).until(() -> VolumePods.tail(client, "pod-configmaps-opt", 40)
        .endsWith("del= upd=value-3 create=value-1\n"));
  }

  @Test
  @Conformance("[sig-storage] Subpath Atomic writer volumes should support subpaths with configmap pod")
  void subpathAtomicWriterVolumesShouldSupportSubpathsWithConfigmapPod() {
    configMap("my-configmap");
    String log = VolumePods.run(client, "pod-subpath-test-configmap", List.of(volume("test-volume", "my-configmap", null, null, null, null)),
        List.of(new VolumeMountBuilder().withName("test-volume").withMountPath("/test-volume/data").withSubPath("data-1").build()),
        null, null, "cat /test-volume/data");
    assertThat(log).isEqualTo("value-1");
  }

  @Test
  @Conformance("[sig-storage] Subpath Atomic writer volumes should support subpaths with configmap pod with mountPath of existing file")
  void subpathAtomicWriterVolumesShouldSupportSubpathsWithConfigmapPodWithMountpathOfExistingFile() {
    configMap("my-configmap");
    String log = VolumePods.run(client, "pod-subpath-test-configmap", List.of(volume("test-volume", "my-configmap", null, null, null, null)),
        List.of(new VolumeMountBuilder().withName("test-volume").withMountPath("/etc/hostname").withSubPath("data-1").build()),
        null, null, "cat /etc/hostname");
    assertThat(log).isEqualTo("value-1");
  }

  @Test
  @Conformance("[sig-storage] EmptyDir wrapper volumes should not conflict")
  void emptydirWrapperVolumesShouldNotConflict() {
    configMap("wrapped-volume-race");
    client.secrets().resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("wrapped-volume-race")
        .endMetadata().addToData("data-1", Base64.getEncoder().encodeToString("secret-1".getBytes())).build()).create();
    String log = VolumePods.run(client, "pod-secrets-and-configmaps", List.of(
            new VolumeBuilder().withName("secret-volume").withNewSecret().withSecretName("wrapped-volume-race").endSecret().build(),
            volume("configmap-volume", "wrapped-volume-race", null, null, null, null)),
        List.of(mount("secret-volume", "/etc/secret-volume"), mount("configmap-volume", "/etc/configmap-volume")), null, null,
        "cat /etc/secret-volume/data-1; echo; cat /etc/configmap-volume/data-1");
    assertThat(log).isEqualTo("secret-1\nvalue-1");
  }
}

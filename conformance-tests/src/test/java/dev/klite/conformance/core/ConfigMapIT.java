package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/configmap.go and test/e2e/common/storage/configmap_volume.go. */
@EnableKlite
class ConfigMapIT {
  private static final Duration POD_DONE = Duration.ofSeconds(60);
  KubernetesClient client;

  private ConfigMap createConfigMap(String name) {
    return client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
        .addToData(Map.of("data-1", "value-1", "data-2", "value-2", "data-3", "value-3")).build()).create();
  }

  private String runToSuccess(Pod pod) {
    client.pods().resource(pod).create();
    String name = pod.getMetadata().getName();
    Pod done = TestPods.await(client, name, POD_DONE, TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, name);
    assertThat(done.getStatus().getPhase()).as("phase; log:\n%s", log).isEqualTo("Succeeded");
    return log;
  }

  @Test
  @Conformance("[sig-node] ConfigMap should run through a ConfigMap lifecycle")
  void configmapShouldRunThroughAConfigmapLifecycle() {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("e2e-configmap")
        .addToLabels("test-configmap-static", "true").endMetadata().addToData("valueName", "value").build()).create();
    ConfigMap patched = client.configMaps().withName("e2e-configmap").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"metadata\":{\"labels\":{\"test-configmap\":\"patched\"}},\"data\":{\"valueName\":\"value1\"}}");
    assertThat(patched.getMetadata().getLabels()).containsEntry("test-configmap", "patched");

    var all = client.configMaps().inAnyNamespace().withLabel("test-configmap-static", "true").list().getItems();
    assertThat(all).filteredOn(c -> c.getMetadata().getName().equals("e2e-configmap")).singleElement()
        .satisfies(c -> assertThat(c.getData()).containsEntry("valueName", "value1"));

    client.configMaps().withLabel("test-configmap-static", "true").delete();
    assertThat(client.configMaps().withLabel("test-configmap-static", "true").list().getItems()).isEmpty();
    assertThat(client.configMaps().withName("e2e-configmap").get()).isNull();
  }

  @Test
  @Conformance("[sig-node] ConfigMap should fail to create ConfigMap with empty key")
  void configmapShouldFailToCreateConfigmapWithEmptyKey() {
    ConfigMap bad = new ConfigMapBuilder().withNewMetadata().withName("configmap-test-emptykey").endMetadata()
        .addToData("", "value-1").build();
    assertThatThrownBy(() -> client.configMaps().resource(bad).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be immutable if `immutable` field is set")
  void configmapShouldBeImmutableIfImmutableFieldIsSet() {
    createConfigMap("immutable");
    ConfigMap frozen = client.configMaps().withName("immutable").edit(c -> new ConfigMapBuilder(c).withImmutable(true).build());
    assertThat(frozen.getImmutable()).isTrue();

    assertThatThrownBy(() -> client.configMaps().withName("immutable")
        .edit(c -> new ConfigMapBuilder(c).addToData("data-1", "changed").build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("field is immutable when `immutable` is set");
        });
    assertThatThrownBy(() -> client.configMaps().withName("immutable")
        .edit(c -> new ConfigMapBuilder(c).withImmutable(false).build()))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));

    ConfigMap relabelled = client.configMaps().withName("immutable")
        .edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("label1", "value1").endMetadata().build());
    assertThat(relabelled.getMetadata().getLabels()).containsEntry("label1", "value1");
    assertThat(relabelled.getData()).containsEntry("data-1", "value-1");
    client.configMaps().withName("immutable").delete();
    assertThat(client.configMaps().withName("immutable").get()).isNull();
  }

  @Test
  @Conformance("[sig-node] ConfigMap should be consumable via environment variable")
  void configmapShouldBeConsumableViaEnvironmentVariable() {
    createConfigMap("configmap-test");
    Pod pod = new PodBuilder(TestPods.shell("pod-configmaps", "Never", "env").build()).editSpec().editFirstContainer()
        .addNewEnv().withName("CONFIG_DATA_1").withNewValueFrom().withNewConfigMapKeyRef("data-1", "configmap-test", false)
        .endValueFrom().endEnv().endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("CONFIG_DATA_1=value-1");
  }

  @Test
  @Conformance("[sig-node] ConfigMap should be consumable via the environment")
  void configmapShouldBeConsumableViaTheEnvironment() {
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("configmap-test").endMetadata()
        .addToData(Map.of("data_1", "value-1", "data_2", "value-2", "data_3", "value-3")).build()).create();
    Pod pod = new PodBuilder(TestPods.shell("pod-configmaps", "Never", "env").build()).editSpec().editFirstContainer()
        .addNewEnvFrom().withNewConfigMapRef("configmap-test", false).endEnvFrom()
        .addNewEnvFrom().withPrefix("p_").withNewConfigMapRef("configmap-test", false).endEnvFrom()
        .endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("data_1=value-1", "data_2=value-2", "data_3=value-3", "p_data_1=value-1", "p_data_2=value-2", "p_data_3=value-3");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable from pods in volume")
  void configmapShouldBeConsumableFromPodsInVolume() {
    createConfigMap("configmap-test-volume");
    Pod pod = new PodBuilder(TestPods.shell("pod-configmaps", "Never", "cat /etc/configmap-volume/data-1").build())
        .editSpec().addNewVolume().withName("configmap-volume").withNewConfigMap().withName("configmap-test-volume").endConfigMap().endVolume()
        .editFirstContainer().addNewVolumeMount().withName("configmap-volume").withMountPath("/etc/configmap-volume").endVolumeMount()
        .endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("value-1");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable from pods in volume with mappings")
  void configmapShouldBeConsumableFromPodsInVolumeWithMappings() {
    createConfigMap("configmap-test-volume-map");
    Pod pod = new PodBuilder(TestPods.shell("pod-configmaps", "Never", "cat /etc/configmap-volume/path/to/data-2").build())
        .editSpec().addNewVolume().withName("configmap-volume").withNewConfigMap().withName("configmap-test-volume-map")
        .addNewItem().withKey("data-2").withPath("path/to/data-2").endItem().endConfigMap().endVolume()
        .editFirstContainer().addNewVolumeMount().withName("configmap-volume").withMountPath("/etc/configmap-volume").endVolumeMount()
        .endContainer().endSpec().build();
    assertThat(runToSuccess(pod)).contains("value-2");
  }

  @Test
  @Conformance("[sig-storage] ConfigMap should be consumable in multiple volumes in the same pod")
  void configmapShouldBeConsumableInMultipleVolumesInTheSamePod() {
    createConfigMap("configmap-test-volume");
    Pod pod = new PodBuilder(TestPods.shell("pod-configmaps", "Never",
        "cat /etc/configmap-volume/data-1; echo; cat /etc/configmap-volume-2/data-1; echo").build())
        .editSpec()
        .addNewVolume().withName("configmap-volume").withNewConfigMap().withName("configmap-test-volume").endConfigMap().endVolume()
        .addNewVolume().withName("configmap-volume-2").withNewConfigMap().withName("configmap-test-volume").endConfigMap().endVolume()
        .editFirstContainer()
        .addNewVolumeMount().withName("configmap-volume").withMountPath("/etc/configmap-volume").endVolumeMount()
        .addNewVolumeMount().withName("configmap-volume-2").withMountPath("/etc/configmap-volume-2").endVolumeMount()
        .endContainer().endSpec().build();
    assertThat(runToSuccess(pod).lines().filter("value-1"::equals).count()).isEqualTo(2);
  }
}

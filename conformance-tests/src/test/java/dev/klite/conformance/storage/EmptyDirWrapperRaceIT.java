package dev.klite.conformance.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Upstream test/e2e/storage/empty_dir_wrapper.go, "should not cause race condition when used for configmaps":
 * 50 ConfigMap volumes in each of 5 pods started at once, three rounds. Upstream runs the pods from a
 * ReplicationController (not served by klite) and only waits for them to run; here every pod also reads the
 * first and the last of its volumes, so a volume set up half-way (the race the spec guards against) fails it.
 */
@EnableKlite
class EmptyDirWrapperRaceIT {
  private static final int VOLUMES = 50;
  private static final int PODS = 5;
  private static final int ROUNDS = 3;
  private static final Duration POD_DONE = Duration.ofSeconds(120);
  KubernetesClient client;

  @Test
  @Conformance("[sig-storage] EmptyDir wrapper volumes should not cause race condition when used for configmaps [Serial]")
  void emptydirWrapperVolumesShouldNotCauseRaceConditionWhenUsedForConfigmaps() {
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    for (int i = 0; i < VOLUMES; i++) {
      String name = "racey-configmap-" + i;
      client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
          .addToData(Map.of("data-1", "value-1")).build()).create();
      volumes.add(new VolumeBuilder().withName(name).withNewConfigMap().withName(name).endConfigMap().build());
      mounts.add(new VolumeMountBuilder().withName(name).withMountPath("/etc/config-" + i).build());
    }
    String script = "cat /etc/config-0/data-1 /etc/config-" + (VOLUMES - 1) + "/data-1";

    for (int round = 0; round < ROUNDS; round++) {
      final int r = round;
      List<String> names = IntStream.range(0, PODS).mapToObj(p -> "wrapped-volume-race-" + r + "-" + p).toList();
      for (String name : names) {
        client.pods().resource(new PodBuilder(TestPods.shell(name, "Never", script).build()).editSpec()
            .withVolumes(volumes).editFirstContainer().withVolumeMounts(mounts).endContainer().endSpec().build()).create();
      }
      for (String name : names) {
        Pod done = TestPods.await(client, name, POD_DONE, TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
        String log = TestPods.log(client, name);
        assertThat(done.getStatus().getPhase()).as("round %d, pod %s; log:\n%s", r, name, log).isEqualTo("Succeeded");
        assertThat(log).as("round %d, pod %s", r, name).isEqualTo("value-1value-1");
      }
      // Upstream deletes the ReplicationController and waits for its pods to go before the next round.
      names.forEach(name -> client.pods().withName(name).delete());
      await().atMost(POD_DONE).untilAsserted(() -> names.forEach(name ->
          assertThat(client.pods().withName(name).get()).as("pod %s deleted", name).isNull()));
    }
  }
}

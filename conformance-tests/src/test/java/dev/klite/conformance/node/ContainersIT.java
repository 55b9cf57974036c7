package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Upstream test/e2e/common/node/containers.go. Upstream uses agnhost's entrypoint-tester, which
 * prints its argv; here busybox (no ENTRYPOINT, CMD {@code sh}) plays that part: the printed
 * output shows which of command and args ran.
 */
@EnableKlite
class ContainersIT {
  KubernetesClient client;

  private Pod run(Consumer<Container> setup) {
    Pod pod = new PodBuilder().withNewMetadata().withName("client-containers").endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("agnhost-container").withImage(TestPods.IMAGE).endContainer()
        .endSpec().build();
    setup.accept(pod.getSpec().getContainers().get(0));
    client.pods().resource(pod).create();
    return TestPods.await(client, "client-containers", Duration.ofSeconds(60), TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
  }

  @Test
  @Conformance("[sig-node] Containers should use the image defaults if command and args are blank")
  void containersShouldUseTheImageDefaultsIfCommandAndArgsAreBlank() {
    Pod pod = run(c -> { });
    assertThat(pod.getStatus().getPhase()).as("busybox's default CMD (sh, no stdin) exits 0").isEqualTo("Succeeded");
  }

  @Test
  @Conformance("[sig-node] Containers should be able to override the image's default arguments (container cmd)")
  void containersShouldBeAbleToOverrideTheImageSDefaultArgumentsContainerCmd() {
    Pod pod = run(c -> c.setArgs(List.of("echo", "override", "arguments")));
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(TestPods.log(client, "client-containers")).isEqualTo("override arguments\n");
  }

  @Test
  @Conformance("[sig-node] Containers should be able to override the image's default command (container entrypoint)")
  void containersShouldBeAbleToOverrideTheImageSDefaultCommandContainerEntrypoint() {
    Pod pod = run(c -> c.setCommand(List.of("echo", "entrypoint-tester")));
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(TestPods.log(client, "client-containers")).isEqualTo("entrypoint-tester\n");
  }

  @Test
  @Conformance("[sig-node] Containers should be able to override the image's default command and arguments")
  void containersShouldBeAbleToOverrideTheImageSDefaultCommandAndArguments() {
    Pod pod = run(c -> {
      c.setCommand(List.of("echo"));
      c.setArgs(List.of("override", "command", "and", "arguments"));
    });
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(TestPods.log(client, "client-containers")).isEqualTo("override command and arguments\n");
  }
}

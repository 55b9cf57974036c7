package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl top} against klite's metrics.k8s.io/v1beta1 prints what it prints against
 * metrics-server: per-pod and per-container CPU and memory, and per-node usage with percentages
 * of the node's allocatable resources.
 */
@EnableKlite
class KubectlTopIT {
  /** The kubelet has a CPU rate after its second sample (10 s apart), as metrics-server needs two scrapes. */
  private static final Duration METRICS = Duration.ofSeconds(120);

  @Test
  void topPodsShowsCpuAndMemoryPerPodAndContainer(Klite klite) {
    klite.kubectl("run", "sleeper", "--image=busybox:1.35", "--labels=app=sleeper", "--command", "--", "sleep", "3600")
        .orThrow();
    klite.kubectl("wait", "--for=condition=Ready", "pod/sleeper", "--timeout=90s").orThrow();

    await().atMost(METRICS).untilAsserted(() -> assertThat(klite.kubectl("top", "pods").orThrow())
        .containsPattern("NAME\\s+CPU\\(cores\\)\\s+MEMORY\\(bytes\\)")
        .containsPattern("sleeper\\s+\\d+m\\s+\\d+Mi"));
    assertThat(klite.kubectl("top", "pods", "-l", "app=sleeper").orThrow()).containsPattern("sleeper\\s+\\d+m\\s+\\d+Mi");
    assertThat(klite.kubectl("top", "pods", "--containers").orThrow())
        .containsPattern("POD\\s+NAME\\s+CPU\\(cores\\)\\s+MEMORY\\(bytes\\)")
        .containsPattern("sleeper\\s+sleeper\\s+\\d+m\\s+\\d+Mi");
    assertThat(klite.kubectl("top", "pod", "sleeper", "--no-headers").orThrow()).containsPattern("^sleeper\\s+\\d+m\\s+\\d+Mi");

    KubectlResult none = klite.kubectl("top", "pods", "-l", "app=none");
    assertThat(none.exitCode()).isZero();
    assertThat(none.stderr()).contains("No resources found in " + klite.namespace() + " namespace.");
    KubectlResult missing = klite.kubectl("top", "pod", "nope");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("Error from server (NotFound): pod \"nope\" not found");
  }

  @Test
  void topNodesShowsUsageAndShareOfAllocatable(Klite klite) {
    String node = klite.kubectl("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").orThrow();
    await().atMost(METRICS).untilAsserted(() -> assertThat(klite.kubectl("top", "nodes").orThrow())
        .containsPattern("NAME\\s+CPU\\(cores\\)\\s+CPU\\(%\\)\\s+MEMORY\\(bytes\\)\\s+MEMORY\\(%\\)")
        .containsPattern(node + "\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%"));
    assertThat(klite.kubectl("top", "node", node, "--no-headers").orThrow())
        .containsPattern("^" + node + "\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%");
  }
}

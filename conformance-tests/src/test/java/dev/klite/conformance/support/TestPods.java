package dev.klite.conformance.support;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Small pods for the node specs: one busybox container running a short shell script. */
public final class TestPods {
  public static final String IMAGE = "busybox:1.35";

  private TestPods() {}

  /** A pod running {@code sh -c script} with the given restart policy. */
  public static PodBuilder shell(String name, String restartPolicy, String script) {
    return new PodBuilder()
        .withNewMetadata().withName(name).withLabels(Map.of("test", name)).endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("main").withImage(IMAGE).withCommand(List.of("sh", "-c", script)).endContainer()
        .endSpec();
  }

  /** Waits until the pod satisfies {@code condition} and returns it. */
  public static Pod await(KubernetesClient client, String name, Duration timeout, Predicate<Pod> condition) {
    return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250))
        .until(() -> client.pods().withName(name).get(), p -> p != null && condition.test(p));
  }

  public static Predicate<Pod> phase(String phase) {
    return p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase());
  }

  /** The pod's log (all of it). */
  public static String log(KubernetesClient client, String name) {
    return client.pods().withName(name).getLog();
  }
}

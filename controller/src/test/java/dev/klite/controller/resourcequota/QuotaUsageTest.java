package dev.klite.controller.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpec;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven usage per upstream's core evaluators (pods.go, services.go, the object-count evaluator). */
class QuotaUsageTest {

  private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");

  private static PodBuilder pod(String name, String phase, String cpuReq, String memReq, String cpuLim, String memLim) {
    Map<String, Quantity> req = new LinkedHashMap<>();
    Map<String, Quantity> lim = new LinkedHashMap<>();
    if (cpuReq != null) req.put("cpu", new Quantity(cpuReq));
    if (memReq != null) req.put("memory", new Quantity(memReq));
    if (cpuLim != null) lim.put("cpu", new Quantity(cpuLim));
    if (memLim != null) lim.put("memory", new Quantity(memLim));
    return new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withNewResources().withRequests(req).withLimits(lim)
        .endResources().endContainer().endSpec()
        .withNewStatus().withPhase(phase).endStatus();
  }

  private static ResourceQuotaSpec hard(String... keys) {
    ResourceQuotaSpecBuilder b = new ResourceQuotaSpecBuilder();
    Arrays.stream(keys).forEach(k -> b.addToHard(k, new Quantity("100")));
    return b.build();
  }

  private static final List<Pod> PODS = List.of(
      pod("a", "Running", "100m", "64Mi", "200m", "128Mi").build(),
      pod("b", "Pending", "400m", "64Mi", null, null).build(),
      pod("done", "Succeeded", "1", "1Gi", "1", "1Gi").build(),
      // Stuck terminating past its grace period: not charged.
      pod("stuck", "Running", "1", "1Gi", null, null).editMetadata()
          .withDeletionTimestamp("2026-11-28T07:59:00Z").withDeletionGracePeriodSeconds(30L).endMetadata().build(),
      pod("best-effort", "Running", null, null, null, null).editSpec().withActiveDeadlineSeconds(60L).endSpec().build());

  private static final List<Service> SERVICES = List.of(
      new ServiceBuilder().withNewMetadata().withName("np").endMetadata().withNewSpec().withType("NodePort")
          .addNewPort().withPort(80).endPort().addNewPort().withPort(443).endPort().endSpec().build(),
      new ServiceBuilder().withNewMetadata().withName("lb").endMetadata().withNewSpec().withType("LoadBalancer")
          .addNewPort().withPort(80).endPort().endSpec().build(),
      new ServiceBuilder().withNewMetadata().withName("ip").endMetadata().withNewSpec().withType("ClusterIP")
          .addNewPort().withPort(80).endPort().endSpec().build());

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("pods counts charged pods; count/pods every pod", hard("pods", "count/pods"),
            Map.of("pods", "3", "count/pods", "5")),
        Arguments.of("requests and limits sum over charged pods", hard("requests.cpu", "cpu", "requests.memory",
            "memory", "limits.cpu", "limits.memory"),
            Map.of("requests.cpu", "500m", "cpu", "500m", "requests.memory", "128Mi", "memory", "128Mi",
                "limits.cpu", "200m", "limits.memory", "128Mi")),
        Arguments.of("object counts by legacy and count/ names", hard("configmaps", "count/configmaps", "secrets",
            "resourcequotas", "count/jobs.batch"),
            Map.of("configmaps", "2", "count/configmaps", "2", "secrets", "0", "resourcequotas", "1",
                "count/jobs.batch", "4")),
        Arguments.of("services, node ports and load balancers", hard("services", "count/services",
            "services.nodeports", "services.loadbalancers"),
            Map.of("services", "3", "count/services", "3", "services.nodeports", "3", "services.loadbalancers", "1")),
        Arguments.of("unknown resources get no usage", hard("count/widgets.example.com", "persistentvolumeclaims"),
            Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void usage(String name, ResourceQuotaSpec spec, Map<String, String> expected) {
    var inventory = new QuotaUsage.Inventory(PODS, SERVICES,
        Map.of("configmaps", 2L, "secrets", 0L, "resourcequotas", 1L, "jobs.batch", 4L));
    assertThat(QuotaUsage.used(spec, inventory, NOW)).isEqualTo(expected);
  }

  static Stream<Arguments> scopes() {
    return Stream.of(
        Arguments.of(List.of("BestEffort"), "1"),
        Arguments.of(List.of("NotBestEffort"), "2"),
        Arguments.of(List.of("Terminating"), "1"),
        Arguments.of(List.of("NotTerminating", "NotBestEffort"), "2"));
  }

  @ParameterizedTest(name = "scopes {0}")
  @MethodSource("scopes")
  void scopedQuotasCountOnlyMatchingPodsAndNoOtherObjects(List<String> scopes, String pods) {
    ResourceQuotaSpec spec = new ResourceQuotaSpecBuilder(hard("pods", "configmaps")).withScopes(scopes).build();
    var inventory = new QuotaUsage.Inventory(PODS, SERVICES, Map.of("configmaps", 2L));
    assertThat(QuotaUsage.used(spec, inventory, NOW)).isEqualTo(Map.of("pods", pods));
  }
}

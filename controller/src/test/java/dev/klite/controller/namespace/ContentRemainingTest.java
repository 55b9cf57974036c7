package dev.klite.controller.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentRemainingTest {

  static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true, List.of("list", "delete"));

  static GenericKubernetesResource pod(String name, String phase, Long grace, String... finalizers) {
    GenericKubernetesResource p = new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("Pod")
        .withNewMetadata().withNamespace("ns").withName(name).withFinalizers(finalizers).endMetadata().build();
    if (grace != null) {
      p.setAdditionalProperty("spec", Map.of("terminationGracePeriodSeconds", grace));
    }
    if (phase != null) {
      p.setAdditionalProperty("status", Map.of("phase", phase));
    }
    return p;
  }

  static Stream<Arguments> estimates() {
    return Stream.of(
        Arguments.of("no pods", List.of(), 0L),
        Arguments.of("longest grace of running pods", List.of(pod("a", "Running", 30L), pod("b", "Pending", 45L)), 45L),
        Arguments.of("terminal pods ignored", List.of(pod("a", "Succeeded", 30L), pod("b", "Failed", 60L)), 0L),
        Arguments.of("no grace period counts 0", List.of(pod("a", "Running", null)), 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("estimates")
  void podGraceEstimate(String name, List<GenericKubernetesResource> pods, long expected) {
    assertThat(ContentRemaining.podGracePeriodEstimate(pods)).isEqualTo(expected);
  }

  @Test
  void nothingLeftMeansDone() {
    assertThat(ContentRemaining.of(PODS, "ns", 30, List.of())).isEqualTo(ContentRemaining.none());
  }

  @Test
  void podsStillTerminatingWaitForTheirGracePeriod() {
    ContentRemaining r = ContentRemaining.of(PODS, "ns", 30, List.of(pod("a", "Running", 30L)));
    assertThat(r.estimateSeconds()).isEqualTo(30);
    assertThat(r.remaining()).isEqualTo(1);
    assertThat(r.error()).isEmpty();
  }

  @Test
  void finalizersHoldContentFor15Seconds() {
    ContentRemaining r = ContentRemaining.of(PODS, "ns", 0,
        List.of(pod("a", "Succeeded", null, "x/y"), pod("b", "Succeeded", null, "x/y", "z")));
    assertThat(r.estimateSeconds()).isEqualTo(15);
    assertThat(r.finalizers()).containsExactlyInAnyOrderEntriesOf(Map.of("x/y", 2, "z", 1));
  }

  @Test
  void unexplainedLeftoversAreAnError() {
    ContentRemaining r = ContentRemaining.of(PODS, "ns", 0, List.of(pod("a", "Succeeded", null)));
    assertThat(r.error()).contains("unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods");
  }
}

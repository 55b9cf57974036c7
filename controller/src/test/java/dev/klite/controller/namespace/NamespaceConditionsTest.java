package dev.klite.controller.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NamespaceConditionsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:10Z");

  private static NamespaceConditions.Pass clean() {
    return new NamespaceConditions.Pass(Optional.empty(), 0, List.of(), Map.of(), Map.of());
  }

  static Stream<Arguments> passes() {
    return Stream.of(
        Arguments.of(Named.of("partial discovery", new NamespaceConditions.Pass(
            Optional.of("unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: boom"), 1,
            List.of(), Map.of(), Map.of())),
            "NamespaceDeletionDiscoveryFailure", "DiscoveryFailed",
            "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: "
                + "metrics.k8s.io/v1beta1: boom"),
        Arguments.of(Named.of("pods remain", new NamespaceConditions.Pass(Optional.empty(), 0, List.of(),
            Map.of("pods.", 2, "jobs.batch", 1, "configmaps.", 0), Map.of())),
            "NamespaceContentRemaining", "SomeResourcesRemain",
            "Some resources are remaining: jobs.batch has 1 resource instances, pods. has 2 resource instances"),
        Arguments.of(Named.of("finalizers remain", new NamespaceConditions.Pass(Optional.empty(), 0, List.of(),
            Map.of(), Map.of("example.com/hold", 1, "batch.kubernetes.io/job-tracking", 3))),
            "NamespaceFinalizersRemaining", "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: batch.kubernetes.io/job-tracking in 3 resource "
                + "instances, example.com/hold in 1 resource instances"),
        Arguments.of(Named.of("content failure", new NamespaceConditions.Pass(Optional.empty(), 0,
            List.of("unexpected items still remain in namespace: ns for gvr: /v1, Resource=pods", "a: forbidden"),
            Map.of(), Map.of())),
            "NamespaceDeletionContentFailure", "ContentDeletionFailed",
            "Failed to delete all resource types, 2 remaining: a: forbidden, unexpected items still remain in "
                + "namespace: ns for gvr: /v1, Resource=pods"));
  }

  @ParameterizedTest
  @MethodSource("passes")
  void failingPassSetsOneTrueConditionAndTheOthersFalse(NamespaceConditions.Pass pass, String type, String reason,
      String message) {
    List<NamespaceCondition> out = NamespaceConditions.apply(List.of(), pass, T0).orElseThrow();
    assertThat(out).extracting(NamespaceCondition::getType).containsExactlyElementsOf(NamespaceConditions.TYPES);
    for (NamespaceCondition c : out) {
      if (c.getType().equals(type)) {
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo(reason);
        assertThat(c.getMessage()).isEqualTo(message);
      } else {
        assertThat(c.getStatus()).isEqualTo("False");
      }
    }
  }

  @Test
  void cleanPassWritesTheUpstreamOkReasonsAndMessages() {
    List<NamespaceCondition> out = NamespaceConditions.apply(null, clean(), T0).orElseThrow();
    assertThat(out).extracting(NamespaceCondition::getReason).containsExactly("ResourcesDiscovered",
        "ParsedGroupVersions", "ContentDeleted", "ContentRemoved", "ContentHasNoFinalizers");
    assertThat(out).extracting(NamespaceCondition::getMessage).containsExactly("All resources successfully discovered",
        "All legacy kube types successfully parsed",
        "All content successfully deleted, may be waiting on finalization", "All content successfully removed",
        "All content-preserving finalizers finished");
    assertThat(out).allSatisfy(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z"));
  }

  @Test
  void unchangedPassReportsNoChange() {
    List<NamespaceCondition> first = NamespaceConditions.apply(List.of(), clean(), T0).orElseThrow();
    assertThat(NamespaceConditions.apply(first, clean(), T1)).isEmpty();
  }

  @Test
  void transitionTimeMovesOnlyWhenStatusFlips() {
    NamespaceConditions.Pass remaining = new NamespaceConditions.Pass(Optional.empty(), 0, List.of(),
        Map.of("pods.", 2), Map.of());
    List<NamespaceCondition> first = NamespaceConditions.apply(List.of(), remaining, T0).orElseThrow();
    NamespaceConditions.Pass fewer = new NamespaceConditions.Pass(Optional.empty(), 0, List.of(),
        Map.of("pods.", 1), Map.of());
    List<NamespaceCondition> second = NamespaceConditions.apply(first, fewer, T1).orElseThrow();
    assertThat(find(second, "NamespaceContentRemaining").getMessage())
        .isEqualTo("Some resources are remaining: pods. has 1 resource instances");
    assertThat(find(second, "NamespaceContentRemaining").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    List<NamespaceCondition> third = NamespaceConditions.apply(second, clean(), T1).orElseThrow();
    assertThat(find(third, "NamespaceContentRemaining").getStatus()).isEqualTo("False");
    assertThat(find(third, "NamespaceContentRemaining").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:10Z");
  }

  @Test
  void foreignConditionsAreKept() {
    NamespaceCondition other = new NamespaceConditionBuilder().withType("Custom").withStatus("True").build();
    List<NamespaceCondition> out = NamespaceConditions.apply(List.of(other), clean(), T0).orElseThrow();
    assertThat(out).hasSize(6).first().extracting(NamespaceCondition::getType).isEqualTo("Custom");
  }

  private static NamespaceCondition find(List<NamespaceCondition> list, String type) {
    return list.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}

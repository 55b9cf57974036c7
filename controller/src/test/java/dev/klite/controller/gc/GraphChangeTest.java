package dev.klite.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GraphChangeTest {

  private static final ConfigMap OWNED = new ConfigMapBuilder().withNewMetadata().withName("cm").withUid("u1")
      .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job").withName("j")
          .withUid("owner").build())
      .withFinalizers("batch.kubernetes.io/job-tracking").endMetadata().addToData("k", "v").build();

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of("data only", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c).addToData("k", "w").build(), false),
        Arguments.of("labels only", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c).editMetadata()
            .addToLabels("a", "b").endMetadata().build(), false),
        Arguments.of("owner removed", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c).editMetadata()
            .withOwnerReferences(List.of()).endMetadata().build(), true),
        Arguments.of("blockOwnerDeletion set", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c).editMetadata()
            .editFirstOwnerReference().withBlockOwnerDeletion(true).endOwnerReference().endMetadata().build(), true),
        Arguments.of("finalizer removed", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c).editMetadata()
            .withFinalizers(List.of()).endMetadata().build(), true),
        Arguments.of("deletion started", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c).editMetadata()
            .withDeletionTimestamp("2026-11-28T00:00:00Z").endMetadata().build(), true),
        Arguments.of("replaced under the same name", (UnaryOperator<ConfigMap>) c -> new ConfigMapBuilder(c)
            .editMetadata().withUid("u2").endMetadata().build(), true));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("updates")
  void onlyOwnershipAndDeletionChangesQueueASweep(String name, UnaryOperator<ConfigMap> change, boolean matters) {
    assertThat(GraphChange.matters(OWNED, change.apply(OWNED))).isEqualTo(matters);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("adds")
  void aNewObjectMattersWhenItHasOwnersOrIsBeingDeleted(ConfigMap added, boolean matters) {
    assertThat(GraphChange.matters(added)).isEqualTo(matters);
  }

  static Stream<Arguments> adds() {
    return Stream.of(
        Arguments.of(OWNED, true),
        Arguments.of(new ConfigMapBuilder().withNewMetadata().withName("free").withUid("u3").endMetadata().build(), false),
        Arguments.of(new ConfigMapBuilder().withNewMetadata().withName("going").withUid("u4")
            .withDeletionTimestamp("2026-11-28T00:00:00Z").withFinalizers("x").endMetadata().build(), true));
  }
}

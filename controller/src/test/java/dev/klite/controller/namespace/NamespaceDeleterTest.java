package dev.klite.controller.namespace;

import static dev.klite.controller.namespace.ContentRemainingTest.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.controller.discovery.ResourceType;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NamespaceDeleterTest {

  static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true,
      List.of("list", "delete", "deletecollection"));
  static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "configmaps", "ConfigMap", true,
      List.of("list", "delete"));
  static final ResourceType NODES = new ResourceType("", "v1", "nodes", "Node", false,
      List.of("list", "delete", "deletecollection"));

  private final FakeNamespaceControl control = new FakeNamespaceControl();
  private final NamespaceDeleter deleter = new NamespaceDeleter(control,
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final ObjectKey key = new ObjectKey("", "ns");

  @BeforeEach
  void setUp() {
    control.add(PODS);
    control.add(CONFIGMAPS);
    control.add(NODES);
  }

  void terminating(String... specFinalizers) {
    control.namespaces.put("ns", new NamespaceBuilder().withNewMetadata().withName("ns")
        .withUid("ns-uid").withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata()
        .withNewSpec().withFinalizers(specFinalizers).endSpec().withNewStatus().withPhase("Active").endStatus().build());
  }

  @Test
  void emptyNamespaceIsMarkedTerminatingAndFinalized() {
    terminating("kubernetes");
    assertThat(deleter.reconcile(key)).isEqualTo(Result.done());
    assertThat(control.actions).containsExactly("updateStatus Terminating", "deletecollection pods",
        "updateStatus Terminating", "finalize []");
  }

  @Test
  void namespaceKeptAfterFinalizeIsDeleted() {
    terminating("kubernetes");
    control.keepFinalizedNamespaces = true;
    deleter.reconcile(key);
    assertThat(control.actions).endsWith("finalize []", "delete namespace ns");
  }

  @Test
  void namespaceStillHeldByAnotherSpecFinalizerIsNotDeleted() {
    terminating("kubernetes", "example.com/x");
    control.keepFinalizedNamespaces = true;
    deleter.reconcile(key);
    assertThat(control.actions).last().isEqualTo("finalize [example.com/x]");
  }

  @Test
  void liveNamespaceIsLeftAlone() {
    control.namespaces.put("ns", new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build());
    deleter.reconcile(key);
    assertThat(control.actions).isEmpty();
  }

  @Test
  void otherSpecFinalizersAreKept() {
    terminating("kubernetes", "example.com/x");
    deleter.reconcile(key);
    assertThat(control.actions).last().isEqualTo("finalize [example.com/x]");
  }

  @Test
  void everyNamespacedTypeIsEmptiedThroughCollectionOrEachItem() {
    terminating("kubernetes");
    control.objects.get(CONFIGMAPS).add(new GenericKubernetesResourceBuilder().withNewMetadata().withNamespace("ns")
        .withName("cm").endMetadata().build());
    control.objects.get(PODS).add(pod("done", "Succeeded", 30L));
    deleter.reconcile(key);
    assertThat(control.actions).contains("deletecollection pods", "delete configmaps cm")
        .doesNotContain("deletecollection nodes").last().isEqualTo("finalize []");
    assertThat(control.objects.get(CONFIGMAPS)).isEmpty();
  }

  @Test
  void runningPodsDelayFinalizationByHalfTheirGracePeriod() {
    terminating("kubernetes");
    control.objects.get(PODS).add(pod("web", "Running", 30L));
    Result r = deleter.reconcile(key);
    assertThat(r.requeueDelay()).contains(Duration.ofSeconds(15));
    assertThat(control.actions).noneMatch(a -> a.startsWith("finalize"));
    NamespaceCondition remaining = condition("NamespaceContentRemaining");
    assertThat(remaining.getStatus()).isEqualTo("True");
    assertThat(remaining.getMessage()).isEqualTo("Some resources are remaining: pods. has 1 resource instances");

    control.objects.get(PODS).clear();
    assertThat(deleter.reconcile(key)).isEqualTo(Result.done());
    assertThat(control.actions).last().isEqualTo("finalize []");
  }

  @Test
  void contentWithFinalizersIsReported() {
    terminating("kubernetes");
    control.objects.get(CONFIGMAPS).add(new GenericKubernetesResourceBuilder().withNewMetadata().withNamespace("ns")
        .withName("cm").withFinalizers("example.com/hold").endMetadata().build());
    assertThat(deleter.reconcile(key).requeueDelay()).contains(Duration.ofSeconds(7));
    assertThat(condition("NamespaceFinalizersRemaining").getMessage())
        .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
  }

  @Test
  void deleteFailureSetsContentFailureAndRetries() {
    terminating("kubernetes");
    control.deleteFailures.put(CONFIGMAPS, "configmaps is forbidden");
    control.objects.get(CONFIGMAPS).add(new GenericKubernetesResourceBuilder().withNewMetadata().withNamespace("ns")
        .withName("cm").endMetadata().build());
    assertThatThrownBy(() -> deleter.reconcile(key)).hasMessageContaining("configmaps is forbidden");
    NamespaceCondition failure = condition("NamespaceDeletionContentFailure");
    assertThat(failure.getReason()).isEqualTo("ContentDeletionFailed");
    assertThat(failure.getMessage()).startsWith("Failed to delete all resource types, 1 remaining: ");
    assertThat(control.actions).noneMatch(a -> a.startsWith("finalize"));
  }

  @Test
  void partialDiscoveryStillDeletesWhatItKnowsButDoesNotFinalize() {
    terminating("kubernetes");
    control.failedGroups.add("metrics.k8s.io/v1beta1: the server is currently unable to handle the request");
    assertThatThrownBy(() -> deleter.reconcile(key)).hasMessageContaining("metrics.k8s.io/v1beta1");
    assertThat(condition("NamespaceDeletionDiscoveryFailure").getMessage()).isEqualTo(
        "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: "
            + "metrics.k8s.io/v1beta1: the server is currently unable to handle the request");
    assertThat(control.actions).contains("deletecollection pods").noneMatch(a -> a.startsWith("finalize"));
  }

  private NamespaceCondition condition(String type) {
    return control.namespaces.get("ns").getStatus().getConditions().stream().filter(c -> c.getType().equals(type))
        .findFirst().orElseThrow();
  }
}

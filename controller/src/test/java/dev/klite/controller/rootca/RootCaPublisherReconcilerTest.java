package dev.klite.controller.rootca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream publisher_test.go's cases: create when missing, restore data and annotation, leave alone when right. */
class RootCaPublisherReconcilerTest {

  private static final String CA = "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n";
  private final FakeLister<Namespace> namespaces = FakeLister.of(new NamespaceBuilder().withNewMetadata().withName("ns")
      .endMetadata().withNewStatus().withPhase("Active").endStatus().build());
  private final FakeLister<ConfigMap> configMaps = new FakeLister<>();
  private final List<ConfigMap> created = new ArrayList<>();
  private final List<ConfigMap> updated = new ArrayList<>();
  private final RootCaPublisherReconciler reconciler = new RootCaPublisherReconciler(namespaces, configMaps,
      new ConfigMapControl() {
        @Override
        public void create(String namespace, ConfigMap configMap) {
          created.add(configMap);
        }

        @Override
        public void update(ConfigMap configMap) {
          updated.add(configMap);
        }
      }, CA);

  private static ConfigMapBuilder existing(Map<String, String> data, Map<String, String> annotations) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("kube-root-ca.crt")
        .withResourceVersion("7").withAnnotations(annotations).endMetadata().withData(data);
  }

  @Test
  void createsTheConfigMapWhenMissing() {
    reconciler.reconcile(new ObjectKey("", "ns"));
    assertThat(created).singleElement().satisfies(cm -> {
      assertThat(cm.getMetadata().getName()).isEqualTo("kube-root-ca.crt");
      assertThat(cm.getData()).isEqualTo(Map.of("ca.crt", CA));
      assertThat(cm.getMetadata().getAnnotations()).containsKey("kubernetes.io/description");
    });
  }

  @Test
  void restoresChangedDataKeepingOtherAnnotationsAndTheResourceVersion() {
    configMaps.put(existing(Map.of("ca.crt", "changed", "extra", "x"), Map.of("mine", "1")).build());
    reconciler.reconcile(new ObjectKey("", "ns"));
    assertThat(updated).singleElement().satisfies(cm -> {
      assertThat(cm.getData()).isEqualTo(Map.of("ca.crt", CA));
      assertThat(cm.getMetadata().getAnnotations()).containsEntry("mine", "1").containsKey("kubernetes.io/description");
      assertThat(cm.getMetadata().getResourceVersion()).isEqualTo("7");
    });
    assertThat(created).isEmpty();
  }

  @Test
  void leavesACorrectConfigMapAlone() {
    configMaps.put(existing(Map.of("ca.crt", CA), Map.of("kubernetes.io/description", "anything")).build());
    reconciler.reconcile(new ObjectKey("", "ns"));
    assertThat(updated).isEmpty();
    assertThat(created).isEmpty();
  }

  @Test
  void restoresAMissingDescription() {
    configMaps.put(existing(Map.of("ca.crt", CA), null).build());
    reconciler.reconcile(new ObjectKey("", "ns"));
    assertThat(updated).hasSize(1);
  }

  @Test
  void skipsTerminatingNamespaces() {
    namespaces.put(new NamespaceBuilder().withNewMetadata().withName("ns").withDeletionTimestamp("2026-01-01T00:00:00Z")
        .endMetadata().withNewStatus().withPhase("Terminating").endStatus().build());
    reconciler.reconcile(new ObjectKey("", "ns"));
    assertThat(created).isEmpty();
  }
}

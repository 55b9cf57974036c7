package dev.klite.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.server.KliteConfig;
import dev.klite.server.KliteServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * With {@value KliteExtension#EXTERNAL_KUBECONFIG_PROPERTY} (or {@value KliteExtension#EXTERNAL_KUBECONFIG_ENV})
 * set, the fixture starts nothing and runs the tests against that cluster, still with a namespace per test.
 */
class ExternalClusterIT {
  static final List<Klite> SEEN = new CopyOnWriteArrayList<>();
  static final List<String> KUBECTL_NAMESPACES = new CopyOnWriteArrayList<>();
  static volatile KliteServer cluster;

  @Test
  void testsRunAgainstTheClusterOfTheGivenKubeconfig(@TempDir Path dir) {
    SEEN.clear();
    cluster = KliteServer.start(KliteConfig.defaults(dir.resolve("data")).withPort(0).withInMemoryStore(true));
    try {
      TestExecutionSummary summary = NestedRun.run(
          Map.of(KliteExtension.EXTERNAL_KUBECONFIG_PROPERTY, cluster.kubeconfigPath().toString()), AgainstExternal.class);
      assertThat(summary.getTestsFailedCount()).as("failures: %s", summary.getFailures()).isZero();
      assertThat(summary.getTestsSucceededCount()).isEqualTo(1);

      Klite seen = SEEN.get(0);
      assertThat(seen.external()).isTrue();
      assertThat(seen.embedded()).isEmpty();
      assertThat(seen.url()).isEqualTo(cluster.url());
      if (!KUBECTL_NAMESPACES.isEmpty()) assertThat(KUBECTL_NAMESPACES).containsExactly(seen.namespace());
    } finally {
      cluster.close();
    }
  }

  @Disabled("run by ExternalClusterIT in a launcher of its own")
  @EnableKlite(namespacePerTest = true)
  static class AgainstExternal {
    @Test
    void writesIntoItsNamespace(Klite klite) {
      klite.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("made-by-the-test").endMetadata()
          .addToData("k", "v").build()).create();
      try (var admin = cluster.newClient()) {
        assertThat(admin.configMaps().inNamespace(klite.namespace()).withName("made-by-the-test").get())
            .as("the test writes into the external cluster, in its own namespace").isNotNull();
      }
      SEEN.add(klite);
      if (Kubectl.findOnPath().isPresent()) {
        KUBECTL_NAMESPACES.add(klite.kubectl("config", "view", "--minify", "-o", "jsonpath={..namespace}").orThrow());
      }
    }
  }
}

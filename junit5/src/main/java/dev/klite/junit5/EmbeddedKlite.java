package dev.klite.junit5;

import dev.klite.server.Clients;
import dev.klite.server.KliteConfig;
import dev.klite.server.KliteServer;
import dev.klite.server.Kubeconfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** An in-process klite on a random port with a temporary data directory; closing stops it. */
record EmbeddedKlite(KliteServer server, Path tempDir) implements ClusterTarget {

  static EmbeddedKlite start(EnableKlite settings) {
    try {
      Path dir = Files.createTempDirectory("klite-junit5-");
      Duration backoff = Duration.parse(settings.backoff());
      KliteServer server = KliteServer.start(KliteConfig.defaults(dir.resolve("data"))
          .withPort(0)
          .withInMemoryStore(settings.inMemoryStore())
          .withBackoffs(backoff, backoff));
      return new EmbeddedKlite(server, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public KubernetesClient newAdminClient() {
    return server.newClient();
  }

  @Override
  public Klite handle(String namespace, String label) {
    try {
      Path kubeconfigPath = tempDir.resolve("kubeconfig-" + label.replaceAll("[^A-Za-z0-9_.-]", "_"));
      Kubeconfig kubeconfig = server.kubeconfig().withNamespace(namespace);
      kubeconfig.writeTo(kubeconfigPath);
      return new Klite(server.url(), server, kubeconfigPath, namespace,
          Clients.forServer(kubeconfig, "klite-junit5"), tempDir.resolve("kubectl-cache"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      TempDirs.deleteRecursively(tempDir);
    }
  }
}

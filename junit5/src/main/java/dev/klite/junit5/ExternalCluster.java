package dev.klite.junit5;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A cluster given by a kubeconfig file (another klite, kind, a real cluster): nothing is started
 * or stopped. Each handle gets a copy of the kubeconfig whose current context has the test's
 * namespace, so kubectl and the client default to it as with the in-process klite.
 */
record ExternalCluster(Path kubeconfig, Path tempDir) implements ClusterTarget {

  static ExternalCluster of(Path kubeconfig) {
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalStateException("external kubeconfig " + kubeconfig + " is not readable");
    }
    try {
      return new ExternalCluster(kubeconfig.toAbsolutePath(), Files.createTempDirectory("klite-junit5-external-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public KubernetesClient newAdminClient() {
    return clientFor(kubeconfig);
  }

  @Override
  public Klite handle(String namespace, String label) {
    try {
      io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(kubeconfig.toFile());
      String current = parsed.getCurrentContext();
      for (NamedContext c : parsed.getContexts()) {
        if (c.getName().equals(current) && c.getContext() != null) c.getContext().setNamespace(namespace);
      }
      Path copy = tempDir.resolve("kubeconfig-" + label.replaceAll("[^A-Za-z0-9_.-]", "_"));
      Files.deleteIfExists(copy);
      Files.createFile(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      KubeConfigUtils.persistKubeConfigIntoFile(parsed, copy.toFile());
      KubernetesClient client = clientFor(copy);
      URI url = URI.create(client.getConfiguration().getMasterUrl().replaceAll("/+$", ""));
      return new Klite(url, null, copy, namespace, client,
          tempDir.resolve("kubectl-cache"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot derive a kubeconfig from " + kubeconfig, e);
    }
  }

  private static KubernetesClient clientFor(Path file) {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(file.toFile())).build();
  }

  @Override
  public void close() throws IOException {
    TempDirs.deleteRecursively(tempDir);
  }
}

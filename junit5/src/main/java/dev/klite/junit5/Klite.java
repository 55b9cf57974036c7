package dev.klite.junit5;

import dev.klite.server.KliteServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The handle on the cluster a test runs against: where it is, how to reach it, and {@code kubectl}
 * bound to it. With {@code namespacePerTest}, the kubeconfig, the client and kubectl default to the
 * current test's namespace. Usually that is an in-process klite; with an external kubeconfig (see
 * {@link EnableKlite}) it is that cluster, and {@link #server()} and {@link #dataDir()} are not available.
 */
public final class Klite {
  private final URI url;
  private final KliteServer server;
  private final Path kubeconfigPath;
  private final String namespace;
  private final KubernetesClient client;
  private final Path kubectlCacheDir;

  Klite(URI url, KliteServer server, Path kubeconfigPath, String namespace, KubernetesClient client, Path kubectlCacheDir) {
    this.url = url;
    this.server = server;
    this.kubeconfigPath = kubeconfigPath;
    this.namespace = namespace;
    this.client = client;
    this.kubectlCacheDir = kubectlCacheDir;
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:40123}. */
  public URI url() {
    return url;
  }

  /** A kubeconfig (mode 0600) whose current context points at this server and namespace. */
  public Path kubeconfigPath() {
    return kubeconfigPath;
  }

  /** The kubeconfig's contents. */
  public String kubeconfigYaml() {
    try {
      return Files.readString(kubeconfigPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The namespace this test runs in ({@code default} without namespacePerTest). */
  public String namespace() {
    return namespace;
  }

  /** The injected fabric8 client (its default namespace is {@link #namespace()}). */
  public KubernetesClient client() {
    return client;
  }

  /** The real kubectl from PATH bound to {@link #kubeconfigPath()}; skips or fails if absent. */
  public Kubectl kubectl() {
    return new Kubectl(Kubectl.locate(), kubeconfigPath, kubectlCacheDir);
  }

  /** Runs {@code kubectl args...} and waits for it. */
  public KubectlResult kubectl(String... args) {
    return kubectl().run(args);
  }

  /** True when the tests run against an external cluster given by kubeconfig, not an in-process klite. */
  public boolean external() {
    return server == null;
  }

  /** The in-process klite, if this run started one. */
  public Optional<KliteServer> embedded() {
    return Optional.ofNullable(server);
  }

  /**
   * The directory klite keeps its data in (store, PKI, kubelet pod logs).
   *
   * @throws IllegalStateException when running against an external cluster
   */
  public Path dataDir() {
    return server().config().dataDir();
  }

  /**
   * The running server itself, for tests that need more than the handle offers.
   *
   * @throws IllegalStateException when running against an external cluster
   */
  public KliteServer server() {
    if (server == null) {
      throw new IllegalStateException("the tests run against the external cluster at " + url + ", not an in-process klite");
    }
    return server;
  }
}

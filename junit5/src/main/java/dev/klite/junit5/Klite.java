package dev.klite.junit5;

import dev.klite.server.KliteServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;

/**
 * The handle on the klite a test runs against: where it is, how to reach it, and {@code kubectl}
 * bound to it. With {@code namespacePerTest}, the kubeconfig, the client and kubectl default to the
 * current test's namespace.
 */
public final class Klite {
  private final KliteServer server;
  private final Path kubeconfigPath;
  private final String namespace;
  private final KubernetesClient client;
  private final Path kubectlCacheDir;

  Klite(KliteServer server, Path kubeconfigPath, String namespace, KubernetesClient client, Path kubectlCacheDir) {
    this.server = server;
    this.kubeconfigPath = kubeconfigPath;
    this.namespace = namespace;
    this.client = client;
    this.kubectlCacheDir = kubectlCacheDir;
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:40123}. */
  public URI url() {
    return server.url();
  }

  /** A kubeconfig (mode 0600) whose current context points at this server and namespace. */
  public Path kubeconfigPath() {
    return kubeconfigPath;
  }

  /** The kubeconfig's contents. */
  public String kubeconfigYaml() {
    try {
      return java.nio.file.Files.readString(kubeconfigPath);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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

  /** The directory klite keeps its data in (store, PKI, kubelet pod logs). */
  public Path dataDir() {
    return server.config().dataDir();
  }

  /** The running server itself, for tests that need more than the handle offers. */
  public KliteServer server() {
    return server;
  }
}

package dev.klite.server;

import dev.klite.apiserver.serviceaccount.ServiceAccountOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run an all-in-one klite: API server, controllers and one kubelet in this JVM.
 *
 * @param dataDir where the store, the PKI, the kubeconfig and the kubelet's pod directories live
 * @param bindAddress the API server's listen address (loopback unless the user opts in)
 * @param port the API server's port; 0 picks a free one
 * @param nodeName the name of the Node the embedded kubelet registers
 * @param inMemoryStore keep objects in memory only (tests); the default is the RocksDB store
 * @param podRecreationBaseBackoff the Job controller's first pod re-creation delay (upstream 10 s)
 * @param crashLoopBaseBackoff the kubelet's first container restart delay (upstream 10 s)
 * @param serviceAccounts the API server's token issuer settings and ServiceAccount admission
 */
public record KliteConfig(
    Path dataDir,
    String bindAddress,
    int port,
    String nodeName,
    boolean inMemoryStore,
    Duration podRecreationBaseBackoff,
    Duration crashLoopBaseBackoff,
    ServiceAccountOptions serviceAccounts) {

  public static final int DEFAULT_PORT = 6443;
  public static final Duration UPSTREAM_BACKOFF = Duration.ofSeconds(10);

  public KliteConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(podRecreationBaseBackoff, "podRecreationBaseBackoff");
    Objects.requireNonNull(crashLoopBaseBackoff, "crashLoopBaseBackoff");
    Objects.requireNonNull(serviceAccounts, "serviceAccounts");
  }

  /** Upstream defaults: loopback, port 6443, the host's name as node name, RocksDB, 10 s backoffs. */
  public static KliteConfig defaults(Path dataDir) {
    return new KliteConfig(dataDir, "127.0.0.1", DEFAULT_PORT, NodeNames.fromHost(), false,
        UPSTREAM_BACKOFF, UPSTREAM_BACKOFF, ServiceAccountOptions.defaults());
  }

  public KliteConfig withPort(int newPort) {
    return new KliteConfig(dataDir, bindAddress, newPort, nodeName, inMemoryStore, podRecreationBaseBackoff,
        crashLoopBaseBackoff, serviceAccounts);
  }

  public KliteConfig withBindAddress(String address) {
    return new KliteConfig(dataDir, address, port, nodeName, inMemoryStore, podRecreationBaseBackoff,
        crashLoopBaseBackoff, serviceAccounts);
  }

  public KliteConfig withNodeName(String name) {
    return new KliteConfig(dataDir, bindAddress, port, name, inMemoryStore, podRecreationBaseBackoff,
        crashLoopBaseBackoff, serviceAccounts);
  }

  public KliteConfig withInMemoryStore(boolean inMemory) {
    return new KliteConfig(dataDir, bindAddress, port, nodeName, inMemory, podRecreationBaseBackoff,
        crashLoopBaseBackoff, serviceAccounts);
  }

  /** Shortens both the Job re-creation and the container restart backoff (for CI); upstream is 10 s. */
  public KliteConfig withBackoffs(Duration podRecreation, Duration crashLoop) {
    return new KliteConfig(dataDir, bindAddress, port, nodeName, inMemoryStore, podRecreation, crashLoop,
        serviceAccounts);
  }

  /** Issuer, audiences, token extension and whether the ServiceAccount admission plugin runs (on by default). */
  public KliteConfig withServiceAccounts(ServiceAccountOptions options) {
    return new KliteConfig(dataDir, bindAddress, port, nodeName, inMemoryStore, podRecreationBaseBackoff,
        crashLoopBaseBackoff, options);
  }

  public Path kubeconfigPath() {
    return dataDir.resolve("kubeconfig");
  }
}

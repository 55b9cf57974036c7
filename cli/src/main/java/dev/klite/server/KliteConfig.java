package dev.klite.server;

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
 */
public record KliteConfig(
    Path dataDir,
    String bindAddress,
    int port,
    String nodeName,
    boolean inMemoryStore,
    Duration podRecreationBaseBackoff,
    Duration crashLoopBaseBackoff) {

  public static final int DEFAULT_PORT = 6443;
  public static final Duration UPSTREAM_BACKOFF = Duration.ofSeconds(10);

  public KliteConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(podRecreationBaseBackoff, "podRecreationBaseBackoff");
    Objects.requireNonNull(crashLoopBaseBackoff, "crashLoopBaseBackoff");
  }

  /** Upstream defaults: loopback, port 6443, the host's name as node name, RocksDB, 10 s backoffs. */
  public static KliteConfig defaults(Path dataDir) {
    return new KliteConfig(dataDir, "127.0.0.1", DEFAULT_PORT, NodeNames.fromHost(), false,
        UPSTREAM_BACKOFF, UPSTREAM_BACKOFF);
  }

  public KliteConfig withPort(int newPort) {
    return new KliteConfig(dataDir, bindAddress, newPort, nodeName, inMemoryStore, podRecreationBaseBackoff, crashLoopBaseBackoff);
  }

  public KliteConfig withBindAddress(String address) {
    return new KliteConfig(dataDir, address, port, nodeName, inMemoryStore, podRecreationBaseBackoff, crashLoopBaseBackoff);
  }

  public KliteConfig withNodeName(String name) {
    return new KliteConfig(dataDir, bindAddress, port, name, inMemoryStore, podRecreationBaseBackoff, crashLoopBaseBackoff);
  }

  public KliteConfig withInMemoryStore(boolean inMemory) {
    return new KliteConfig(dataDir, bindAddress, port, nodeName, inMemory, podRecreationBaseBackoff, crashLoopBaseBackoff);
  }

  /** Shortens both the Job re-creation and the container restart backoff (for CI); upstream is 10 s. */
  public KliteConfig withBackoffs(Duration podRecreation, Duration crashLoop) {
    return new KliteConfig(dataDir, bindAddress, port, nodeName, inMemoryStore, podRecreation, crashLoop);
  }

  public Path kubeconfigPath() {
    return dataDir.resolve("kubeconfig");
  }
}

package dev.klite.kubelet;

import dev.klite.kubelet.images.ImageRules;
import dev.klite.kubelet.mirror.StaticComponent;
import dev.klite.kubelet.runtime.LogLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one kubelet-lite.
 *
 * @param nodeName the Node this kubelet registers and whose pods it runs
 * @param rootDir pod directories and container logs live under {@code <rootDir>/pods}
 * @param address IP the log endpoint binds and the Node advertises (InternalIP, podIP)
 * @param port endpoint port, 0 for a random one
 * @param authToken bearer token the endpoint requires, or null for none
 * @param crashLoopBaseBackoff first container restart back-off (upstream 10 s), doubling per restart
 * @param crashLoopMaxBackoff cap of the restart back-off (upstream MaxContainerBackOff, 300 s)
 * @param shutdownGracePeriod how long {@link Kubelet#close()} waits after SIGTERM before SIGKILL
 * @param leaseRenewInterval how often the node Lease is renewed (upstream 10 s)
 * @param nodeStatusInterval how often the node status (lastHeartbeatTime) is rewritten
 * @param isolation whether pods get namespaces and cgroups where the host allows it (root, unshare, cgroupfs)
 * @param images the image map: how containers of which images are run
 * @param logLimits container log size cap and rotation (upstream containerLogMaxSize 10Mi, containerLogMaxFiles 5)
 * @param statsInterval how often CPU and memory are sampled for {@code /stats/summary} (metrics-server's resolution
 *     is 15 s; cAdvisor's housekeeping 10 s)
 * @param staticComponents control-plane components shown as mirror pods in kube-system, with their log files
 */
public record KubeletConfig(String nodeName, Path rootDir, String address, int port, String authToken,
    Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff, Duration shutdownGracePeriod,
    Duration leaseRenewInterval, Duration nodeStatusInterval, boolean isolation, ImageRules images,
    LogLimits logLimits, Duration statsInterval, List<StaticComponent> staticComponents) {

  public KubeletConfig {
    Objects.requireNonNull(statsInterval, "statsInterval");
    staticComponents = List.copyOf(staticComponents);
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(rootDir, "rootDir");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(crashLoopBaseBackoff, "crashLoopBaseBackoff");
    Objects.requireNonNull(crashLoopMaxBackoff, "crashLoopMaxBackoff");
    Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
    Objects.requireNonNull(leaseRenewInterval, "leaseRenewInterval");
    Objects.requireNonNull(nodeStatusInterval, "nodeStatusInterval");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(logLimits, "logLimits");
  }

  /** Upstream defaults, endpoint on 127.0.0.1 at a random port without a token. */
  public static KubeletConfig defaults(String nodeName, Path rootDir) {
    return new KubeletConfig(nodeName, rootDir, "127.0.0.1", 0, null, Duration.ofSeconds(10),
        Duration.ofSeconds(300), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(1), true,
        ImageRules.defaults(), new LogLimits(10L * 1024 * 1024, 5), Duration.ofSeconds(10), List.of());
  }

  public KubeletConfig withAddress(String address) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  public KubeletConfig withPort(int port) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  public KubeletConfig withAuthToken(String authToken) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  /** Sets the base and keeps the cap at 30 × base (10 s → 300 s upstream), e.g. for fast CI restarts. */
  public KubeletConfig withCrashLoopBaseBackoff(Duration base) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, base, base.multipliedBy(30),
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  public KubeletConfig withShutdownGracePeriod(Duration grace) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        grace, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  /** false: run pods as plain host processes even where namespaces and cgroups are available. */
  public KubeletConfig withIsolation(boolean isolation) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  public KubeletConfig withImages(ImageRules images) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  public KubeletConfig withLogLimits(LogLimits logLimits) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  public KubeletConfig withStatsInterval(Duration statsInterval) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }

  /** The control-plane components to show as mirror pods (see {@link StaticComponent}). */
  public KubeletConfig withStaticComponents(List<StaticComponent> staticComponents) {
    return new KubeletConfig(nodeName, rootDir, address, port, authToken, crashLoopBaseBackoff, crashLoopMaxBackoff,
        shutdownGracePeriod, leaseRenewInterval, nodeStatusInterval, isolation, images, logLimits,
        statsInterval, staticComponents);
  }
}

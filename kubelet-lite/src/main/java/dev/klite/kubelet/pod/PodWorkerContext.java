package dev.klite.kubelet.pod;

import dev.klite.kubelet.grpc.GrpcHealthProber;
import dev.klite.kubelet.images.ImageRules;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.runtime.ContainerRuntime;
import dev.klite.kubelet.runtime.LogLimits;
import dev.klite.kubelet.token.TokenManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every pod worker shares.
 *
 * @param executor bounded pool the workers' serial executors run on (never informer or event-loop threads)
 * @param scheduler timers (back-off, deadlines); tasks only hand work to a worker's serial executor
 * @param nodeAllocatable node allocatable quantities, for resourceFieldRef env values
 * @param host what the host lets the kubelet isolate (namespaces, cgroups)
 * @param images how containers of which images are run
 * @param logLimits container log size cap and rotation
 * @param tokens service account tokens for serviceAccountToken projections (shared by all pods of the node)
 * @param apiServer where the kubelet reaches the API server, given to containers as the master service's address
 *     ({@link ServiceEnv}); null keeps the {@code kubernetes} Service's cluster IP
 * @param grpcProber runs gRPC probes on the kubelet's Vert.x; null where none is wired (gRPC probes then fail)
 */
public record PodWorkerContext(String nodeName, String hostIP, Path rootDir, ContainerRuntime runtime,
    PodApi podApi, EventRecorder events, ConfigSource configSource, Executor executor,
    ScheduledExecutorService scheduler, Clock clock, Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff,
    Map<String, String> nodeAllocatable, HostCapabilities host, ImageRules images, LogLimits logLimits,
    TokenManager tokens, ApiServerAddress apiServer, GrpcHealthProber grpcProber) {
  public PodWorkerContext {
    nodeAllocatable = Map.copyOf(nodeAllocatable);
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(logLimits, "logLimits");
    Objects.requireNonNull(tokens, "tokens");
  }

  /** Without a gRPC client (tests that run no gRPC probes). */
  public PodWorkerContext(String nodeName, String hostIP, Path rootDir, ContainerRuntime runtime,
      PodApi podApi, EventRecorder events, ConfigSource configSource, Executor executor,
      ScheduledExecutorService scheduler, Clock clock, Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff,
      Map<String, String> nodeAllocatable, HostCapabilities host, ImageRules images, LogLimits logLimits,
      TokenManager tokens, ApiServerAddress apiServer) {
    this(nodeName, hostIP, rootDir, runtime, podApi, events, configSource, executor, scheduler, clock,
        crashLoopBaseBackoff, crashLoopMaxBackoff, nodeAllocatable, host, images, logLimits, tokens, apiServer, null);
  }

  /** Without an API server for tokens (every serviceAccountToken projection fails) and the master service as is. */
  public PodWorkerContext(String nodeName, String hostIP, Path rootDir, ContainerRuntime runtime,
      PodApi podApi, EventRecorder events, ConfigSource configSource, Executor executor,
      ScheduledExecutorService scheduler, Clock clock, Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff,
      Map<String, String> nodeAllocatable, HostCapabilities host, ImageRules images, LogLimits logLimits,
      GrpcHealthProber grpcProber) {
    this(nodeName, hostIP, rootDir, runtime, podApi, events, configSource, executor, scheduler, clock,
        crashLoopBaseBackoff, crashLoopMaxBackoff, nodeAllocatable, host, images, logLimits,
        TokenManager.standalone(clock), null, grpcProber);
  }

  /** Neither tokens nor a gRPC client. */
  public PodWorkerContext(String nodeName, String hostIP, Path rootDir, ContainerRuntime runtime, PodApi podApi,
      EventRecorder events, ConfigSource configSource, Executor executor, ScheduledExecutorService scheduler,
      Clock clock, Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff, Map<String, String> nodeAllocatable,
      HostCapabilities host, ImageRules images, LogLimits logLimits) {
    this(nodeName, hostIP, rootDir, runtime, podApi, events, configSource, executor, scheduler, clock,
        crashLoopBaseBackoff, crashLoopMaxBackoff, nodeAllocatable, host, images, logLimits, (GrpcHealthProber) null);
  }

  /** Plain host processes: no isolation, no image map, unbounded logs. */
  public PodWorkerContext(String nodeName, String hostIP, Path rootDir, ContainerRuntime runtime, PodApi podApi,
      EventRecorder events, ConfigSource configSource, Executor executor, ScheduledExecutorService scheduler,
      Clock clock, Duration crashLoopBaseBackoff, Duration crashLoopMaxBackoff, Map<String, String> nodeAllocatable) {
    this(nodeName, hostIP, rootDir, runtime, podApi, events, configSource, executor, scheduler, clock,
        crashLoopBaseBackoff, crashLoopMaxBackoff, nodeAllocatable, HostCapabilities.none("isolation is disabled"),
        new ImageRules(java.util.List.of()), LogLimits.UNLIMITED);
  }
}

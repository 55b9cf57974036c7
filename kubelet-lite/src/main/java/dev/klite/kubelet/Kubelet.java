package dev.klite.kubelet;

import dev.klite.kubelet.exec.ExecHandler;
import dev.klite.kubelet.grpc.GrpcHealthProber;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.isolation.OrphanSandboxes;
import dev.klite.kubelet.logs.LogServer;
import dev.klite.kubelet.mirror.MirrorPodManager;
import dev.klite.kubelet.node.HostInfo;
import dev.klite.kubelet.node.NodeRegistrar;
import dev.klite.kubelet.pod.ApiServerAddress;
import dev.klite.kubelet.pod.EventRecorder;
import dev.klite.kubelet.pod.Fabric8ConfigSource;
import dev.klite.kubelet.pod.Fabric8EventRecorder;
import dev.klite.kubelet.pod.Fabric8PodApi;
import dev.klite.kubelet.pod.PodSyncLoop;
import dev.klite.kubelet.pod.PodWorkerContext;
import dev.klite.kubelet.runtime.ContainerRuntime;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import dev.klite.kubelet.stats.StatsCollector;
import dev.klite.kubelet.token.Fabric8TokenSource;
import dev.klite.kubelet.token.TokenManager;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kubelet-lite: registers a Node, runs the pods bound to it as local processes, reports their status and serves
 * their logs. Talks to the API server only through the given fabric8 client. Where the host allows it (root,
 * util-linux, cgroupfs) each pod gets its own mount, UTS and PID namespaces with its volumes mounted and each
 * limited container a cgroup (see {@code dev.klite.kubelet.isolation}); otherwise pods run as plain processes and
 * one {@code IsolationUnavailable} event per pod says what is missing.
 */
public final class Kubelet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Kubelet.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int POD_WORKERS = 32;

  private final KubeletConfig config;
  private final Vertx vertx;
  /** gRPC probes share the endpoint's Vert.x; closed with it. */
  private final GrpcHealthProber grpcProber;
  private final ContainerRuntime runtime;
  private final ExecutorService podExecutor;
  private final ExecutorService logExecutor;
  private final ScheduledExecutorService scheduler;
  /** Separate from pod timers so that a slow API server never delays a container restart. */
  private final ScheduledExecutorService heartbeats;
  /** CPU and memory sampling for /stats/summary (procfs reads), apart from pod timers. */
  private final ScheduledExecutorService statsTimer;
  private StatsCollector stats;
  private MirrorPodManager mirrors;
  private final Fabric8EventRecorder events;
  private LogServer logServer;
  private PodSyncLoop podSync;
  private NodeRegistrar registrar;
  private volatile boolean closed;

  private Kubelet(KubeletConfig config, KubernetesClient client) {
    this.config = config;
    this.vertx = Vertx.vertx();
    this.grpcProber = new GrpcHealthProber(vertx);
    this.runtime = new LocalProcessRuntime();
    // Pod work is mostly waiting on child processes (sandbox and container start, teardown): upstream runs a goroutine
    // per pod; a pool of 4 capped a Job of 100 parallel pods at a few pod starts a second.
    this.podExecutor = Executors.newFixedThreadPool(POD_WORKERS, threads("kubelet-pod-worker"));
    this.logExecutor = Executors.newCachedThreadPool(threads("kubelet-log-stream"));
    this.scheduler = Executors.newScheduledThreadPool(1, threads("kubelet-timer"));
    this.heartbeats = Executors.newScheduledThreadPool(1, threads("kubelet-heartbeat"));
    this.statsTimer = Executors.newScheduledThreadPool(1, threads("kubelet-stats"));
    this.events = new Fabric8EventRecorder(client, config.nodeName(), Clock.systemUTC());
  }

  /**
   * Starts the kubelet: log endpoint, Node registration, heartbeats and the pod informer. Returns once the Node is
   * registered and the informer has synced. Blocks the caller.
   *
   * @throws IllegalStateException when the endpoint cannot bind or the API server rejects the registration
   */
  public static Kubelet start(KubernetesClient client, KubeletConfig config) {
    return start(client, config, true);
  }

  /** For tests against fabric8's CRUD mock, which cannot watch with a {@code spec.nodeName} field selector. */
  static Kubelet start(KubernetesClient client, KubeletConfig config, boolean serverSideNodeSelector) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(config, "config");
    Kubelet k = new Kubelet(config, client);
    try {
      k.doStart(client, serverSideNodeSelector);
      return k;
    } catch (RuntimeException e) {
      k.close();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      k.close();
      throw new IllegalStateException("interrupted while starting the kubelet", e);
    } catch (ExecutionException | TimeoutException e) {
      k.close();
      throw new IllegalStateException("kubelet failed to start: " + e.getMessage(), e);
    }
  }

  private void doStart(KubernetesClient client, boolean serverSideNodeSelector) throws InterruptedException, ExecutionException, TimeoutException {
    HostInfo host = HostInfo.read(config.rootDir());
    PodSyncLoop[] loopRef = new PodSyncLoop[1];
    mirrors = new MirrorPodManager(client, config.nodeName(), config.address(), config.staticComponents(),
        Clock.systemUTC());
    stats = new StatsCollector(config.nodeName(),
        () -> loopRef[0] == null ? java.util.List.of() : loopRef[0].statsPods(), Clock.systemUTC());
    logServer = LogServer.start(vertx, config.address(), config.port(), config.authToken(),
        (ns, pod) -> mirrors.containers(ns, pod)
            .or(() -> loopRef[0] == null ? java.util.Optional.empty() : loopRef[0].containers(ns, pod)), logExecutor,
        router -> {
          ExecHandler.install(router,
              (ns, pod) -> loopRef[0] == null ? java.util.Optional.empty() : loopRef[0].running(ns, pod), logExecutor);
          stats.install(router);
        })
        .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    registrar = new NodeRegistrar(client, config.nodeName(), config.address(), logServer.port(), host,
        runtime.version(), Clock.systemUTC());
    events.recordNode(EventRecorder.NORMAL, "Starting", "Starting kubelet.");
    registrar.register();
    registrar.renewLease();
    mirrors.ensure(true);
    // The transitions kubelet_node_status.go records when it first sets each condition.
    for (String reason : new String[] {"NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID",
        "NodeReady"}) {
      events.recordNode(EventRecorder.NORMAL, reason, "Node " + config.nodeName() + " status is now: " + reason);
    }
    heartbeats.scheduleWithFixedDelay(this::renewLease, config.leaseRenewInterval().toMillis(),
        config.leaseRenewInterval().toMillis(), TimeUnit.MILLISECONDS);
    heartbeats.scheduleWithFixedDelay(this::heartbeat, config.nodeStatusInterval().toMillis(),
        config.nodeStatusInterval().toMillis(), TimeUnit.MILLISECONDS);
    PodWorkerContext ctx = new PodWorkerContext(config.nodeName(), config.address(), config.rootDir(), runtime,
        new Fabric8PodApi(client), events, new Fabric8ConfigSource(client), podExecutor, scheduler,
        Clock.systemUTC(), config.crashLoopBaseBackoff(), config.crashLoopMaxBackoff(), registrar.capacity(),
        hostCapabilities(), config.images(), config.logLimits(),
        new TokenManager(new Fabric8TokenSource(client), Clock.systemUTC()),
        // Pods reach the API server where this kubelet does (see ServiceEnv: no cluster IP routing for host processes).
        ApiServerAddress.of(client.getMasterUrl()), grpcProber);
    podSync = new PodSyncLoop(client, ctx, serverSideNodeSelector);
    loopRef[0] = podSync;
    podSync.start(START_TIMEOUT);
    killOrphans();
    statsTimer.scheduleWithFixedDelay(this::sampleStats, 0, config.statsInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    log.info("kubelet for node {} started; endpoint {}:{}", config.nodeName(), config.address(), logServer.port());
  }

  private HostCapabilities hostCapabilities() {
    if (!config.isolation()) {
      return HostCapabilities.none("isolation is disabled in the kubelet configuration");
    }
    HostCapabilities caps = HostCapabilities.detect();
    log.info("pod isolation: namespaces {}, cgroups {}", caps.namespaces() ? "available" : caps.namespacesUnavailable(),
        caps.cgroups() != null ? (caps.cgroups().isV2() ? "v2" : "v1") : caps.cgroupsUnavailable());
    return caps;
  }

  /**
   * Kills what an earlier kubelet process left running for pods that are gone now (deleted while no kubelet ran); the
   * pods still bound here adopt their sandboxes and containers (see PodWorker). Runs once the informer has synced, so
   * that every pod still bound is known.
   */
  private void killOrphans() {
    int orphans = OrphanSandboxes.killUnder(config.rootDir(), podSync.podDirs());
    if (orphans > 0) {
      log.warn("killed {} pod sandboxes and containers left running by an earlier kubelet for pods that are gone",
          orphans);
    }
  }

  private void renewLease() {
    try {
      if (!closed) {
        registrar.renewLease();
      }
    } catch (RuntimeException e) {
      // Caught so the periodic task keeps running (a thrown exception would cancel it).
      log.warn("node lease renewal failed: {}", e.toString());
    }
  }

  private void sampleStats() {
    try {
      stats.sample();
    } catch (RuntimeException e) {
      // Caught so the periodic task keeps running (a thrown exception would cancel it).
      log.warn("stats sampling failed: {}", e.toString());
    }
  }

  private void heartbeat() {
    if (closed) {
      return;
    }
    try {
      registrar.heartbeatStatus();
      // As the kubelet's pod manager does on every sync: a deleted mirror pod comes back.
      mirrors.ensure(false);
    } catch (RuntimeException e) {
      // Caught so the periodic task keeps running (a thrown exception would cancel it).
      log.warn("node status update failed: {}", e.toString());
    }
  }

  /** The port the log endpoint listens on. */
  public int endpointPort() {
    return logServer.port();
  }

  /**
   * Terminates every pod process (SIGTERM to each process group, SIGKILL after the shutdown grace period) and waits
   * for them, then stops the informer, heartbeats and the endpoint. Pod statuses are not rewritten. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (podSync != null) {
      podSync.shutdown(config.shutdownGracePeriod(), config.shutdownGracePeriod().plusSeconds(10));
    }
    runtime.close();
    scheduler.shutdownNow();
    heartbeats.shutdownNow();
    statsTimer.shutdownNow();
    podExecutor.shutdownNow();
    if (logServer != null) {
      logServer.close();
    }
    logExecutor.shutdownNow();
    events.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("closing Vert.x failed: {}", e.toString());
    }
    log.info("kubelet for node {} stopped", config.nodeName());
  }

  /**
   * Stops the kubelet as if its process had been killed: its threads, informer and endpoint go, every pod process
   * stays (those under a shim keep running and logging), and the file descriptors a dead process would lose (its ends
   * of the containers' stdin) are closed. For restart tests, which then start a new kubelet on the same root directory.
   */
  void abandon() {
    if (closed) {
      return;
    }
    closed = true;
    if (podSync != null) {
      podSync.abandon();
    }
    runtime.abandon();
    scheduler.shutdownNow();
    heartbeats.shutdownNow();
    statsTimer.shutdownNow();
    podExecutor.shutdownNow();
    if (logServer != null) {
      logServer.close();
    }
    logExecutor.shutdownNow();
    events.close();
    vertx.close();
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.klite.kubelet.grpc.GrpcHealthProber;
import dev.klite.kubelet.grpc.HealthServer;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Readiness, liveness and startup probes (exec, httpGet, tcpSocket, grpc) with real processes on the plain path. */
@EnabledOnOs(OS.LINUX)
class ProbesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  @TempDir Path root;
  private LocalProcessRuntime runtime;
  private ExecutorService executor;
  private ScheduledExecutorService scheduler;
  private final FakePodApi api = new FakePodApi();
  private final FakeEventRecorder events = new FakeEventRecorder();
  private PodWorkerContext ctx;
  private PodWorker worker;

  @BeforeEach
  void setUp() {
    runtime = new LocalProcessRuntime();
    executor = Executors.newFixedThreadPool(2);
    scheduler = Executors.newScheduledThreadPool(2);
    ConfigSource none = new FakeConfigSource();
    ctx = new PodWorkerContext("node-a", "127.0.0.1", root, runtime, api, events, none, executor, scheduler,
        Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2), Map.of());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (worker != null) {
      worker.removed();
      await().atMost(TIMEOUT).until(worker::finished);
    }
    runtime.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static PodBuilder pod(String name, String restartPolicy) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid").endMetadata()
        .withNewSpec().withNodeName("node-a").withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(1L)
        .endSpec();
  }

  private void run(Pod pod) {
    worker = new PodWorker(ctx, pod);
    worker.update(pod);
  }

  private ContainerStatus status() {
    return api.last().getContainerStatuses().get(0);
  }

  private PodCondition condition(String type) {
    return api.last().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static Probe exec(String script) {
    return new ProbeBuilder().withNewExec().withCommand("sh", "-c", script).endExec().withPeriodSeconds(1)
        .withFailureThreshold(1).build();
  }

  @Test
  void readinessDrivesContainerReadyAndThePodReadyConditions() throws Exception {
    Path flag = root.resolve("ready");
    Pod pod = pod("ready", "Never").editSpec().addNewContainer().withName("main").withImage("busybox")
        .withCommand("sleep", "30").withReadinessProbe(exec("echo not yet; test -f " + flag)).endContainer()
        .endSpec().build();
    run(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events)
        .contains("Warning Unhealthy spec.containers{main}: Readiness probe failed: not yet\n"));
    assertThat(status().getState().getRunning()).isNotNull();
    assertThat(status().getReady()).isFalse();
    assertThat(status().getStarted()).isTrue();
    assertThat(condition("Ready").getStatus()).isEqualTo("False");
    assertThat(condition("ContainersReady").getMessage()).isEqualTo("containers with unready status: [main]");
    Files.createFile(flag);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(status().getReady()).isTrue();
      assertThat(condition("Ready").getStatus()).isEqualTo("True");
      assertThat(condition("ContainersReady").getStatus()).isEqualTo("True");
    });
  }

  @Test
  void aFailedLivenessProbeRestartsTheContainerWithAKillingEvent() {
    Pod pod = pod("live", "OnFailure").editSpec().addNewContainer().withName("main").withImage("busybox")
        .withCommand("sleep", "30").withLivenessProbe(new ProbeBuilder(exec("echo sick; exit 1"))
            .withFailureThreshold(2).build()).endContainer().endSpec().build();
    run(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(events.events).contains("Warning Unhealthy spec.containers{main}: Liveness probe failed: sick\n",
          "Normal Killing spec.containers{main}: Container main failed liveness probe, will be restarted");
      assertThat(status().getRestartCount()).isGreaterThanOrEqualTo(1);
      assertThat(status().getLastState().getTerminated().getExitCode()).isEqualTo(143);
    });
  }

  @Test
  void theStartupProbeGatesLivenessAndReadinessUntilItSucceeds() throws Exception {
    Path flag = root.resolve("started");
    Pod pod = pod("startup", "Never").editSpec().addNewContainer().withName("main").withImage("busybox")
        .withCommand("sleep", "30")
        .withStartupProbe(new ProbeBuilder(exec("test -f " + flag)).withFailureThreshold(30).build())
        .withLivenessProbe(exec("test -f " + flag)).endContainer().endSpec().build();
    run(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events)
        .contains("Warning Unhealthy spec.containers{main}: Startup probe failed: "));
    assertThat(status().getStarted()).isFalse();
    assertThat(status().getReady()).isFalse();
    assertThat(events.events).noneMatch(e -> e.contains("Liveness probe failed"));
    Files.createFile(flag);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(status().getStarted()).isTrue();
      assertThat(status().getReady()).isTrue();
    });
    assertThat(status().getRestartCount()).isZero();
  }

  @Test
  void httpGetAndTcpSocketProbesReportUpstreamMessages() throws Exception {
    AtomicInteger code = new AtomicInteger(500);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/healthz", ex -> {
      ex.sendResponseHeaders(code.get(), -1);
      ex.close();
    });
    server.start();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try {
      Pod pod = pod("net", "Never").editSpec().addNewContainer().withName("main").withImage("busybox")
          .withCommand("sleep", "30")
          .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withHost("127.0.0.1").withPath("/healthz")
              .withPort(new IntOrString(server.getAddress().getPort())).endHttpGet().withPeriodSeconds(1)
              .withFailureThreshold(1).build())
          .withStartupProbe(new ProbeBuilder().withNewTcpSocket().withHost("127.0.0.1")
              .withPort(new IntOrString(closedPort)).endTcpSocket().withPeriodSeconds(1).withFailureThreshold(1)
              .build())
          .endContainer().endSpec().build();
      run(pod);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events).contains(
          "Warning Unhealthy spec.containers{main}: Startup probe failed: dial tcp 127.0.0.1:" + closedPort
              + ": connect: connection refused",
          "Normal Killing spec.containers{main}: Container main failed startup probe, will be restarted"));
      await().atMost(TIMEOUT).until(() -> "Failed".equals(api.last().getPhase()));

      Pod web = pod("web", "Never").editSpec().addNewContainer().withName("main").withImage("busybox")
          .withCommand("sleep", "30")
          .withReadinessProbe(new ProbeBuilder().withNewHttpGet().withHost("127.0.0.1").withPath("/healthz")
              .withPort(new IntOrString(server.getAddress().getPort())).endHttpGet().withPeriodSeconds(1)
              .withFailureThreshold(1).build())
          .endContainer().endSpec().build();
      worker.removed();
      await().atMost(TIMEOUT).until(worker::finished);
      run(web);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events).contains(
          "Warning Unhealthy spec.containers{main}: Readiness probe failed: HTTP probe failed with statuscode: 500"));
      code.set(200);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status().getReady()).isTrue());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void grpcProbesAskTheHealthServiceAtThePodIp() throws Exception {
    Vertx vertx = Vertx.vertx();
    GrpcHealthProber prober = new GrpcHealthProber(vertx);
    ctx = new PodWorkerContext(ctx.nodeName(), ctx.hostIP(), root, runtime, api, events, ctx.configSource(), executor,
        scheduler, Clock.systemUTC(), ctx.crashLoopBaseBackoff(), ctx.crashLoopMaxBackoff(), Map.of(), ctx.host(),
        ctx.images(), ctx.logLimits(), prober);
    try (HealthServer server = new HealthServer(vertx, HealthServer.Mode.HEALTH)) {
      server.statuses.put("app", 1);
      Pod pod = pod("grpc", "OnFailure").editSpec().addNewContainer().withName("main").withImage("busybox")
          .withCommand("sleep", "30")
          .withReadinessProbe(new ProbeBuilder().withNewGrpc().withPort(server.port()).endGrpc().withPeriodSeconds(1)
              .withFailureThreshold(1).build())
          .withLivenessProbe(new ProbeBuilder().withNewGrpc().withPort(server.port()).withService("app").endGrpc()
              .withPeriodSeconds(1).withFailureThreshold(1).build())
          .endContainer().endSpec().build();
      run(pod);
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(status().getReady()).isTrue());
      assertThat(status().getRestartCount()).isZero();
      server.statuses.put("app", 2);
      await().atMost(TIMEOUT).untilAsserted(() -> {
        assertThat(events.events).contains(
            "Warning Unhealthy spec.containers{main}: Liveness probe failed: service unhealthy (responded with "
                + "\"NOT_SERVING\")",
            "Normal Killing spec.containers{main}: Container main failed liveness probe, will be restarted");
        assertThat(status().getRestartCount()).isGreaterThanOrEqualTo(1);
      });
      worker.removed();
      await().atMost(TIMEOUT).until(worker::finished);
      worker = null;
    } finally {
      prober.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}

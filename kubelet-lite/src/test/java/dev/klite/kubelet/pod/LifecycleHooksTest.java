package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** postStart and preStop hooks (exec and httpGet) of containers run as real processes. */
@EnabledOnOs(OS.LINUX)
class LifecycleHooksTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  @TempDir Path root;
  @TempDir Path work;
  private LocalProcessRuntime runtime;
  private ExecutorService executor;
  private ScheduledExecutorService scheduler;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final FakePodApi api = new FakePodApi();
  private final FakeEventRecorder events = new FakeEventRecorder();
  private PodWorkerContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    runtime = new LocalProcessRuntime();
    executor = Executors.newFixedThreadPool(2);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.add(ex.getRequestURI().toString());
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    server.start();
    ConfigSource config = new FakeConfigSource();
    ctx = new PodWorkerContext("node-a", "127.0.0.1", root, runtime, api, events, config, executor, scheduler,
        Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2), Map.of());
  }

  @AfterEach
  void tearDown() throws Exception {
    server.stop(0);
    runtime.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private Pod pod(String name, String script, LifecycleHandler postStart, LifecycleHandler preStop) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid").endMetadata()
        .withNewSpec().withNodeName("node-a").withRestartPolicy("Never").withTerminationGracePeriodSeconds(20L)
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", script)
        .withNewLifecycle().withPostStart(postStart).withPreStop(preStop).endLifecycle().endContainer()
        .endSpec().build();
  }

  private static LifecycleHandler exec(String script) {
    return new LifecycleHandlerBuilder().withNewExec().withCommand("sh", "-c", script).endExec().build();
  }

  private LifecycleHandler http(String path) {
    return new LifecycleHandlerBuilder().withNewHttpGet().withPort(new IntOrString(server.getAddress().getPort()))
        .withPath(path).endHttpGet().build();
  }

  private static Pod deleting(Pod pod) {
    return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withDeletionGracePeriodSeconds(20L).endMetadata().build();
  }

  @Test
  void postStartExecRunsBeforeTheContainerIsReportedRunning() throws Exception {
    Path marker = work.resolve("post-start");
    Pod pod = pod("post", "sleep 60", exec("sleep 1; echo done > " + marker), null);
    new PodWorker(ctx, pod).update(pod);
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Running".equals(api.last().getPhase()));
    assertThat(marker).hasContent("done");
    // While the hook ran the container was still ContainerCreating, as upstream reports it.
    assertThat(api.statuses).anySatisfy(s -> assertThat(s.getContainerStatuses().get(0).getState().getWaiting()
        .getReason()).isEqualTo("ContainerCreating"));
  }

  @Test
  void preStopExecRunsBeforeSigterm() throws Exception {
    Path order = work.resolve("order");
    Path trapped = work.resolve("trapped");
    Pod pod = pod("pre", "trap 'echo term >> " + order + "; exit 0' TERM; touch " + trapped
        + "; while true; do sleep 0.1; done", null, exec("echo prestop >> " + order));
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Running".equals(api.last().getPhase()));
    // Running comes with the process start: the TERM must not come before the shell has set its trap.
    await().atMost(TIMEOUT).until(() -> Files.exists(trapped));
    worker.update(deleting(pod));
    await().atMost(TIMEOUT).until(() -> api.deleted.contains("pre-uid"));
    assertThat(Files.readAllLines(order)).containsExactly("prestop", "term");
    assertThat(api.last().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void httpGetHooksCallTheHandlerAndAnyAnswerCounts() {
    Pod pod = pod("web", "sleep 60", http("/echo?msg=poststart"), http("/echo?msg=prestop"));
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Running".equals(api.last().getPhase()));
    assertThat(requests).containsExactly("/echo?msg=poststart");
    worker.update(deleting(pod));
    await().atMost(TIMEOUT).until(() -> api.deleted.contains("web-uid"));
    assertThat(requests).containsExactly("/echo?msg=poststart", "/echo?msg=prestop");
    assertThat(events.events).noneMatch(e -> e.contains("Failed"));
  }

  @Test
  void aFailingPostStartKillsTheContainerWithFailedPostStartHook() {
    Pod pod = pod("bad", "sleep 60", exec("echo oops; exit 3"), null);
    new PodWorker(ctx, pod).update(pod);
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Failed".equals(api.last().getPhase()));
    assertThat(events.events).contains("Warning FailedPostStartHook spec.containers{main}: Exec lifecycle hook "
        + "([sh -c echo oops; exit 3]) for Container \"main\" in Pod \"bad_ns(bad-uid)\" failed - error: command "
        + "'sh -c echo oops; exit 3' exited with 3: oops\n, message: \"oops\\n\"",
        "Normal Killing spec.containers{main}: FailedPostStartHook");
    assertThat(api.last().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(143);
  }

  @Test
  void aFailingPreStopIsReportedAndTheContainerStillStops() {
    Pod pod = pod("badstop", "sleep 60", null, http("/unreachable").edit().editHttpGet().withPort(new IntOrString(1))
        .endHttpGet().build());
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Running".equals(api.last().getPhase()));
    worker.update(deleting(pod));
    await().atMost(TIMEOUT).until(() -> api.deleted.contains("badstop-uid"));
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning FailedPreStopHook spec.containers{main}: HTTP "
        + "lifecycle hook (/unreachable) for Container \"main\" in Pod \"badstop_ns(badstop-uid)\" failed - error: "
        + "Get \"http://127.0.0.1:1/unreachable\": "));
  }
}

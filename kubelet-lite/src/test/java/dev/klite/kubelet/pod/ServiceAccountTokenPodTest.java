package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.images.ImageRules;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import dev.klite.kubelet.runtime.LogLimits;
import dev.klite.kubelet.token.FakeTokenSource;
import dev.klite.kubelet.token.MutableClock;
import dev.klite.kubelet.token.TokenManager;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

/**
 * A pod with the kube-api-access volume as plain host processes (no isolation): the token failure is a FailedMount
 * that is retried, the pod then runs, and the volume resync rewrites a refreshed token while it runs. Real processes;
 * the token source is faked at its seam, with a clock of its own for the token lifetimes.
 */
@EnabledOnOs(OS.LINUX)
class ServiceAccountTokenPodTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  @TempDir Path root;
  private LocalProcessRuntime runtime;
  private ExecutorService executor;
  private ScheduledExecutorService scheduler;
  private final FakePodApi api = new FakePodApi();
  private final FakeEventRecorder events = new FakeEventRecorder();
  private final MutableClock tokenClock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeTokenSource source = new FakeTokenSource(tokenClock);
  private final TokenManager tokens = new TokenManager(source, tokenClock);
  private PodWorkerContext ctx;

  @BeforeEach
  void setUp() {
    runtime = new LocalProcessRuntime();
    executor = Executors.newFixedThreadPool(2);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    ConfigSource config = new FakeConfigSource().withConfigMap(KubeApiAccessVolumes.rootCa())
        .withServices("default", List.of(KubeApiAccessVolumes.masterService()));
    ctx = new PodWorkerContext("node-a", "10.1.2.3", root, runtime, api, events, config, executor, scheduler,
        Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2), Map.of(),
        HostCapabilities.none("isolation is disabled"), new ImageRules(List.of()), LogLimits.UNLIMITED, tokens,
        new ApiServerAddress("127.0.0.1", 6443));
  }

  @AfterEach
  void tearDown() throws Exception {
    runtime.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static Pod pod(String name, String... command) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid").endMetadata()
        .withNewSpec().withNodeName("node-a").withRestartPolicy("Never").withServiceAccountName("x")
        .addToVolumes(KubeApiAccessVolumes.volume())
        .addNewContainer().withName("main").withImage("busybox").withCommand(command)
        .addToVolumeMounts(KubeApiAccessVolumes.mount()).endContainer().endSpec().build();
  }

  private Path volumeDir(Pod pod) {
    return PodSandbox.podDir(root, "ns", pod.getMetadata().getName(), pod.getMetadata().getUid())
        .resolve("volumes/kubernetes.io~projected").resolve(KubeApiAccessVolumes.NAME);
  }

  @Test
  void aFailedTokenRequestIsAFailedMountThatIsRetriedUntilThePodRuns() throws Exception {
    source.failWith.set("serviceaccounts \"x\" not found");
    Pod pod = pod("sa-missing", "sh", "-c", "echo \"$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT\"");
    PodWorker w = new PodWorker(ctx, pod);
    w.update(pod);
    String message = "MountVolume.SetUp failed for volume \"kube-api-access-abcde\" : failed to fetch token: "
        + "serviceaccounts \"x\" not found";
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events)
        .contains("Warning FailedMount null: " + message));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var waiting = api.last().getContainerStatuses().get(0).getState().getWaiting();
      assertThat(waiting.getReason()).isEqualTo("ContainerCreating");
      assertThat(waiting.getMessage()).isEqualTo(message);
    });
    // Retried with back-off: the request is made again, and the event is not repeated for the same error.
    await().atMost(TIMEOUT).until(() -> source.requests.size() >= 3);
    assertThat(events.events.stream().filter(e -> e.contains("FailedMount"))).hasSize(1);

    source.failWith.set(null);
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Succeeded".equals(api.last().getPhase()));
    assertThat(Files.readString(volumeDir(pod).resolve("token"))).isEqualTo("token-1");
    assertThat(Files.readString(volumeDir(pod).resolve("namespace"))).isEqualTo("ns");
    // Not isolated: the volume is written on the host only, and the pod's events say so.
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning IsolationUnavailable null:"));
    assertThat(events.events).contains("Normal Started spec.containers{main}: Started container main");
    assertThat(Files.readString(PodSandbox.logFile(PodSandbox.podDir(root, "ns", "sa-missing", "sa-missing-uid"),
        "main", 0))).contains("stdout F 127.0.0.1:6443");
  }

  @Test
  void aRunningPodsTokenIsRewrittenWhenTheVolumeResyncFindsItDueForRefresh() throws Exception {
    Pod pod = pod("sa-refresh", "sleep", "60");
    PodWorker w = new PodWorker(ctx, pod);
    w.update(pod);
    Path token = volumeDir(pod).resolve("token");
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> "token-1".equals(Files.readString(token)));
    await().atMost(TIMEOUT).until(() -> api.last() != null && "Running".equals(api.last().getPhase()));
    tokenClock.advance(Duration.ofSeconds(3000));
    // The next resync (every PodWorker.VOLUME_RESYNC) requests a new token and swaps it in.
    await().atMost(PodWorker.VOLUME_RESYNC.plus(TIMEOUT)).ignoreExceptions()
        .until(() -> "token-2".equals(Files.readString(token)));
    assertThat(source.issued()).isEqualTo(2);
    w.removed();
    await().atMost(TIMEOUT).until(w::finished);
  }
}

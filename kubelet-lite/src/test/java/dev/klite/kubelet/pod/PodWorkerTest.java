package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.runtime.LocalProcessRuntime;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

/** The pod state machine against real processes, with the API server faked at the {@link PodApi} seam. */
@EnabledOnOs(OS.LINUX)
class PodWorkerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  @TempDir Path root;
  private LocalProcessRuntime runtime;
  private ExecutorService executor;
  private ScheduledExecutorService scheduler;
  private final FakePodApi api = new FakePodApi();
  private final FakeEventRecorder events = new FakeEventRecorder();
  private final FakeConfigSource config = new FakeConfigSource();
  private PodWorkerContext ctx;

  @BeforeEach
  void setUp() {
    runtime = new LocalProcessRuntime();
    executor = Executors.newFixedThreadPool(2);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    ctx = new PodWorkerContext("node-a", "10.1.2.3", root, runtime, api, events, config, executor, scheduler,
        Clock.systemUTC(), Duration.ofMillis(200), Duration.ofSeconds(2), Map.of("cpu", "4", "memory", "1024Ki"));
  }

  @AfterEach
  void tearDown() throws Exception {
    runtime.close();
    scheduler.shutdownNow();
    executor.shutdownNow();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static PodBuilder pod(String name, String restartPolicy) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
        .addToLabels("app", "demo").endMetadata()
        .withNewSpec().withNodeName("node-a").withRestartPolicy(restartPolicy).endSpec();
  }

  private PodStatus awaitPhase(String phase) {
    await().atMost(TIMEOUT).until(() -> api.last() != null && phase.equals(api.last().getPhase()));
    return api.last();
  }

  private String log(Pod pod, String container, int attempt) throws Exception {
    return Files.readString(PodSandbox.logFile(PodSandbox.podDir(root, "ns", pod.getMetadata().getName(),
        pod.getMetadata().getUid()), container, attempt));
  }

  @Test
  void runsInitContainersInOrderBeforeTheMainContainerAndReportsEvents() throws Exception {
    Pod pod = pod("init", "Never").editSpec()
        .addNewInitContainer().withName("i1").withImage("busybox").withCommand("sh", "-c", "echo i1 > order")
        .endInitContainer()
        .addNewInitContainer().withName("i2").withImage("busybox").withCommand("sh", "-c", "echo i2 >> order")
        .endInitContainer()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", "cat order").endContainer()
        .endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    PodStatus s = awaitPhase("Succeeded");
    assertThat(s.getInitContainerStatuses()).extracting(c -> c.getState().getTerminated().getReason())
        .containsExactly("Completed", "Completed");
    assertThat(log(pod, "main", 0)).contains("stdout F i1").contains("stdout F i2");
    assertThat(api.statuses).anySatisfy(st -> assertThat(st.getContainerStatuses().get(0).getState().getWaiting()
        .getReason()).isEqualTo("PodInitializing"));
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events).contains(
        "Normal Pulled spec.initContainers{i1}: Container image \"busybox\" already present on machine",
        "Normal Created spec.initContainers{i1}: Created container: i1",
        "Normal Started spec.initContainers{i1}: Started container i1",
        "Normal Started spec.containers{main}: Started container main"));
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning IsolationUnavailable null: containers run as "
        + "plain host processes"));
  }

  @Test
  void aFailingInitContainerFailsThePodUnderNever() {
    Pod pod = pod("initfail", "Never").editSpec()
        .addNewInitContainer().withName("i1").withImage("busybox").withCommand("sh", "-c", "exit 2")
        .endInitContainer()
        .addNewContainer().withName("main").withImage("busybox").withCommand("true").endContainer()
        .endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    PodStatus s = awaitPhase("Failed");
    assertThat(s.getInitContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(2);
    assertThat(s.getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
  }

  @Test
  void resolvesEnvAndExpandsArgs() throws Exception {
    config.withConfigMap(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
        .addToData("greeting", "hello").build());
    Pod pod = pod("env", "Never").editSpec().withHostname("custom-host")
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c")
        .withArgs("echo '$(GREETING) $(POD_NAME) $$(ESCAPED) $(MISSING)'; echo \"host=$HOSTNAME app=$APP ip=$IP "
            + "combo=$COMBO path=$PATH\"")
        .addNewEnv().withName("GREETING").withNewValueFrom().withNewConfigMapKeyRef("greeting", "cfg", false)
        .endValueFrom().endEnv()
        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
        .endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("COMBO").withValue("$(POD_NAME)-$(GREETING)").endEnv()
        .addNewEnv().withName("OPTIONAL").withNewValueFrom().withNewConfigMapKeyRef("nope", "absent", true)
        .endValueFrom().endEnv()
        .endContainer().endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    awaitPhase("Succeeded");
    String log = log(pod, "main", 0);
    assertThat(log).contains("stdout F hello env $(ESCAPED) $(MISSING)");
    assertThat(log).contains("stdout F host=custom-host app=demo ip=10.1.2.3 combo=env-hello path="
        + ContainerLauncher.DEFAULT_PATH);
  }

  @Test
  void aMissingConfigMapKeepsTheContainerWaitingWithCreateContainerConfigError() {
    Pod pod = pod("nocfg", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("true")
        .addNewEnv().withName("X").withNewValueFrom().withNewConfigMapKeyRef("k", "missing", false).endValueFrom()
        .endEnv().endContainer().endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(api.last()).isNotNull();
      ContainerStatus c = api.last().getContainerStatuses().get(0);
      assertThat(c.getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
      assertThat(c.getState().getWaiting().getMessage()).isEqualTo("configmap \"missing\" not found");
    });
    assertThat(api.last().getPhase()).isEqualTo("Pending");
    config.withConfigMap(new ConfigMapBuilder().withNewMetadata().withName("missing").endMetadata()
        .addToData("k", "v").build());
    awaitPhase("Succeeded");
  }

  @Test
  void aContainerWithoutCommandWaitsWithCreateContainerError() {
    Pod pod = pod("nocmd", "Never").editSpec()
        .addNewContainer().withName("main").withImage("nginx").endContainer().endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(api.last()).isNotNull();
      ContainerStatus c = api.last().getContainerStatuses().get(0);
      assertThat(c.getState().getWaiting().getReason()).isEqualTo("CreateContainerError");
      assertThat(c.getState().getWaiting().getMessage()).contains("has no command").contains("\"nginx\"");
    });
    assertThat(api.last().getPhase()).isEqualTo("Pending");
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning Failed spec.containers{main}: Error: "));
  }

  @Test
  void restartsUnderOnFailureWithCrashLoopBackOffAndKeepsThePreviousLog() throws Exception {
    Pod pod = pod("crash", "OnFailure").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", "echo run; exit 1")
        .endContainer().endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(api.last()).isNotNull();
      ContainerStatus c = api.last().getContainerStatuses().get(0);
      assertThat(c.getRestartCount()).isGreaterThanOrEqualTo(2);
    });
    assertThat(api.statuses).anySatisfy(st -> {
      ContainerStatus c = st.getContainerStatuses().get(0);
      assertThat(c.getState().getWaiting()).isNotNull();
      assertThat(c.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
      assertThat(c.getState().getWaiting().getMessage())
          .matches("back-off \\d+ms restarting failed container=main pod=crash_ns\\(crash-uid\\)");
      assertThat(c.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    });
    assertThat(api.statuses).noneMatch(st -> PodPhases.isTerminal(st.getPhase()));
    assertThat(events.events).contains(
        "Warning BackOff spec.containers{main}: Back-off restarting failed container main in pod crash_ns(crash-uid)");
    assertThat(log(pod, "main", 0)).contains("stdout F run");
    assertThat(log(pod, "main", 1)).contains("stdout F run");
  }

  @Test
  void gracefulDeletionTerminatesThenKillsReportsAndDeletesFinally() {
    Pod pod = pod("del", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox")
        .withCommand("sh", "-c", "trap '' TERM; echo trapped; sleep 60").endContainer().endSpec().build();
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    awaitPhase("Running");
    // Running comes with the process start: a TERM before the shell has set its trap would end it with 143.
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> log(pod, "main", 0).contains("trapped"));
    Pod deleting = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withDeletionGracePeriodSeconds(1L).endMetadata().build();
    worker.update(deleting);
    await().atMost(TIMEOUT).until(() -> api.deleted.contains("del-uid"));
    PodStatus s = api.last();
    assertThat(s.getPhase()).isEqualTo("Failed");
    assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(events.events).contains("Normal Killing spec.containers{main}: Stopping container main");
  }

  @Test
  void aPodPastItsActiveDeadlineIsKilledAndFailedWithDeadlineExceeded() {
    Pod pod = pod("deadline", "Never").editSpec().withActiveDeadlineSeconds(1L).withTerminationGracePeriodSeconds(0L)
        .addNewContainer().withName("main").withImage("busybox").withCommand("sleep", "60").endContainer()
        .endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    PodStatus s = awaitPhase("Failed");
    assertThat(s.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(s.getMessage()).isEqualTo("Pod was active on the node longer than the specified deadline");
    assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void anActiveDeadlineAddedToARunningPodIsEnforced() {
    Pod pod = pod("late-deadline", "Never").editSpec().withTerminationGracePeriodSeconds(0L)
        .addNewContainer().withName("main").withImage("busybox").withCommand("sleep", "60").endContainer()
        .endSpec().build();
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    awaitPhase("Running");
    worker.update(new PodBuilder(pod).editSpec().withActiveDeadlineSeconds(2L).endSpec().build());
    PodStatus s = awaitPhase("Failed");
    assertThat(s.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(events.events).contains("Normal DeadlineExceeded null: Pod was active on the node longer than the "
        + "specified deadline");
  }

  @Test
  void aPodRemovedFromTheApiIsKilledAtOnce() {
    Pod pod = pod("gone", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", "trap '' TERM; sleep 60")
        .endContainer().endSpec().build();
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    awaitPhase("Running");
    long begin = System.nanoTime();
    worker.removed();
    await().atMost(TIMEOUT).until(worker::finished);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    assertThat(Files.exists(PodSandbox.podDir(root, "ns", "gone", "gone-uid"))).isFalse();
    assertThat(api.deleted).isEmpty();
  }

  @Test
  void aMissingExecutableIsAStartErrorThatFailsThePod() {
    Pod pod = pod("noexec", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("no-such-binary-xyz").endContainer()
        .endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    PodStatus s = awaitPhase("Failed");
    var t = s.getContainerStatuses().get(0).getState().getTerminated();
    assertThat(t.getReason()).isEqualTo("StartError");
    assertThat(t.getExitCode()).isEqualTo(128);
    assertThat(t.getMessage()).contains("executable file not found in $PATH");
  }

  @Test
  void publishesLogTargetsForTheLogEndpoint() {
    Pod pod = pod("logs", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", "echo hi").endContainer()
        .endSpec().build();
    PodWorker worker = new PodWorker(ctx, pod);
    worker.update(pod);
    awaitPhase("Succeeded");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var target = worker.logTargets().get("main");
      assertThat(target.currentLog()).isPresent();
      assertThat(target.previousLog()).isEmpty();
      assertThat(target.running()).isFalse();
    });
    assertThat(List.copyOf(worker.logTargets().keySet())).containsExactly("main");
  }

  @Test
  void fallbackToLogsOnErrorPutsTheLogTailIntoTheTerminationMessage() {
    Pod pod = pod("msg", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withTerminationMessagePolicy("FallbackToLogsOnError")
        .withCommand("sh", "-c", "echo first >&2; echo 'fatal: disk on fire' >&2; exit 4").endContainer()
        .endSpec().build();
    new PodWorker(ctx, pod).update(pod);
    PodStatus s = awaitPhase("Failed");
    assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getMessage())
        .isEqualTo("first\nfatal: disk on fire\n");
  }

  @Test
  void aContainerThatWasRunningUnderAnEarlierKubeletIsReportedLostNotRerun() {
    Pod pod = pod("lost", "Never").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", "echo ran-again")
        .endContainer().endSpec()
        .withNewStatus().withPhase("Running").withStartTime("2026-01-01T00:00:00Z")
        .addNewContainerStatus().withName("main").withRestartCount(0).withContainerID("klite://abc")
        .withNewState().withNewRunning("2026-01-01T00:00:01Z").endState().endContainerStatus()
        .endStatus().build();
    new PodWorker(ctx, pod).update(pod);
    PodStatus s = awaitPhase("Failed");
    var t = s.getContainerStatuses().get(0).getState().getTerminated();
    assertThat(t.getReason()).isEqualTo("ContainerStatusUnknown");
    assertThat(t.getExitCode()).isEqualTo(137);
    assertThat(t.getMessage()).isEqualTo("The container could not be located when the pod was terminated");
    assertThat(s.getStartTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(events.events).noneMatch(e -> e.contains("Started container"));
  }
}

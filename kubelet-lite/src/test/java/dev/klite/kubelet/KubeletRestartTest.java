package dev.klite.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.exec.ExecClient;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubelet that dies (simulated by {@link Kubelet#abandon()}: its threads go, its pods' processes stay) and a new one
 * on the same root directory: running containers are adopted, containers that ended meanwhile are reported from their
 * recorded exit, and nothing runs twice (issue #5).
 */
@EnabledOnOs(OS.LINUX)
@EnableKubernetesMockClient(crud = true)
class KubeletRestartTest {
  private static final String NODE = "node-r";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  static KubernetesClient client;

  @TempDir Path root;
  private Kubelet kubelet;
  private final HttpClient http = HttpClient.newHttpClient();

  private Kubelet startKubelet() {
    // The CRUD mock drops watch events under a spec.nodeName field selector: filter on the client side here.
    return Kubelet.start(client, KubeletConfig.defaults(NODE, root).withAuthToken("t0ken")
        .withCrashLoopBaseBackoff(Duration.ofMillis(300)).withShutdownGracePeriod(Duration.ofSeconds(1)), false);
  }

  @AfterEach
  void stop() throws Exception {
    if (kubelet != null) {
      kubelet.close();
    }
    client.pods().inAnyNamespace().delete();
    assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
    assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
  }

  private Pod pod(String name, String restartPolicy, String script) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name + "-uid")
        .endMetadata()
        .withNewSpec().withNodeName(NODE).withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c", script).endContainer()
        .endSpec().withNewStatus().withPhase("Pending").withQosClass("BestEffort").endStatus().build();
  }

  private Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  private ContainerStatus main(String name) {
    Pod pod = get(name);
    assertThat(pod.getStatus().getContainerStatuses()).hasSize(1);
    return pod.getStatus().getContainerStatuses().get(0);
  }

  private Path containerDir(String name) {
    return root.resolve("pods").resolve("default_" + name + "_" + get(name).getMetadata().getUid()).resolve("main");
  }

  /** The container's main pid, from the state file its shim wrote. */
  private long pid(String name) throws IOException {
    return Files.readAllLines(containerDir(name).resolve("0.state")).stream().filter(l -> l.startsWith("pid="))
        .map(l -> Long.parseLong(l.substring(4))).findFirst().orElseThrow();
  }

  private String logs(String name) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + kubelet.endpointPort()
        + "/containerLogs/default/" + name + "/main")).header("Authorization", "Bearer t0ken").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void adoptsARunningContainerWhoseLogsContinueAndWhichADeleteStops() throws Exception {
    kubelet = startKubelet();
    client.pods().inNamespace("default").resource(pod("long", "Never",
        "i=0; while :; do i=$((i+1)); echo line $i; sleep 0.1; done")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("long").getState().getRunning()).isNotNull());
    ContainerStatus before = main("long");
    long pid = pid("long");
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(logs("long")).contains("line 3\n"));

    kubelet.abandon();
    kubelet = null;
    assertThat(alive(pid)).isTrue();
    kubelet = startKubelet();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(logs("long").lines().count()).isGreaterThan(20));
    ContainerStatus after = main("long");
    assertThat(after.getState().getRunning()).isNotNull();
    assertThat(after.getState().getRunning().getStartedAt()).isEqualTo(before.getState().getRunning().getStartedAt());
    assertThat(after.getContainerID()).isEqualTo(before.getContainerID());
    assertThat(after.getRestartCount()).isZero();
    assertThat(pid("long")).isEqualTo(pid);
    assertThat(alive(pid)).isTrue();
    assertThat(get("long").getStatus().getPhase()).isEqualTo("Running");

    // The CRUD mock deletes at once (no graceful deletion): the kubelet sees the pod vanish and kills it at once.
    client.pods().inNamespace("default").withName("long").delete();
    await().atMost(TIMEOUT).until(() -> !alive(pid));
  }

  @Test
  void stopsAnAdoptedContainerGracefullyWhenTheKubeletIsClosed() throws Exception {
    kubelet = startKubelet();
    client.pods().inNamespace("default").resource(pod("graceful", "Never",
        "trap 'echo bye; exit 0' TERM; while :; do sleep 0.1; done")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("graceful").getState().getRunning()).isNotNull());
    long pid = pid("graceful");
    Path log = containerDir("graceful").resolve("0.log");
    kubelet.abandon();
    kubelet = startKubelet();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(logs("graceful")).isEmpty());

    // A clean stop sends SIGTERM to every container, adopted ones included; the trap's output still reaches the log.
    kubelet.close();
    kubelet = null;
    assertThat(alive(pid)).isFalse();
    // The loop's sleep gets the group's SIGTERM too: the shell may also report it ("Terminated" on stderr).
    assertThat(Files.readString(log)).contains(" stdout F bye\n");
    assertThat(Files.readString(containerDir("graceful").resolve("0.exit"))).startsWith("code=0\n");
  }

  @Test
  void reportsAContainerThatExitedWhileNoKubeletRanFromItsRecordedExitWithoutRunningItAgain() throws Exception {
    Path go = root.resolve("go");
    kubelet = startKubelet();
    client.pods().inNamespace("default").resource(pod("short", "Never",
        "echo waiting; while [ ! -e " + go + " ]; do sleep 0.05; done; echo done; exit 7")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("short").getState().getRunning()).isNotNull());

    kubelet.abandon();
    kubelet = null;
    Files.createFile(go);
    await().atMost(TIMEOUT).until(() -> Files.exists(containerDir("short").resolve("0.exit")));
    kubelet = startKubelet();

    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("short").getStatus().getPhase()).isEqualTo("Failed"));
    ContainerStatus s = main("short");
    assertThat(s.getState().getTerminated().getExitCode()).isEqualTo(7);
    assertThat(s.getState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(s.getRestartCount()).isZero();
    assertThat(logs("short")).isEqualTo("waiting\ndone\n");
    assertThat(Optional.ofNullable(containerDir("short").toFile().list()).orElseThrow())
        .noneMatch(f -> f.startsWith("1."));
  }

  @Test
  void neverLetsAContainerThatCouldNotBeAdoptedRunNextToItsReplacement() throws Exception {
    String marker = "stray-" + System.nanoTime();
    kubelet = startKubelet();
    client.pods().inNamespace("default").resource(pod("stray", "Always", "while :; do sleep 0.1; done; echo "
        + marker)).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("stray").getState().getRunning()).isNotNull());
    java.util.Set<Long> before = pidsMentioning(marker);
    assertThat(before).isNotEmpty();

    kubelet.abandon();
    // The runtime loses track of the running instance (as where it runs without a shim, when perl is missing).
    Files.delete(containerDir("stray").resolve("0.state"));
    kubelet = startKubelet();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      ContainerStatus s = main("stray");
      assertThat(s.getRestartCount()).isEqualTo(1);
      assertThat(s.getState().getRunning()).isNotNull();
      assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
    });
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pidsMentioning(marker)).as("only the replacement runs")
        .hasSameSizeAs(before).doesNotContainAnyElementsOf(before));
  }

  @Test
  void adoptsAStdinContainerWhichKeepsReadingWhatIsAttachedAcrossAttachesAndTheRestart() throws Exception {
    kubelet = startKubelet();
    Pod talk = pod("talk", "Never", "while read l; do echo \"got $l\"; done; echo eof");
    talk.getSpec().getContainers().get(0).setStdin(true);
    client.pods().inNamespace("default").resource(talk).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("talk").getState().getRunning()).isNotNull());
    ContainerStatus before = main("talk");
    long pid = pid("talk");
    attach("talk", "one\n", "got one\n", false);

    kubelet.abandon();
    kubelet = null;
    assertThat(alive(pid)).isTrue();
    kubelet = startKubelet();

    // Without stdinOnce the detaches closed nothing: input still reaches the adopted container.
    attach("talk", "two\n", "got two\n", false);
    attach("talk", "three\n", "got three\n", true);
    ContainerStatus after = main("talk");
    assertThat(after.getState().getRunning()).isNotNull();
    assertThat(after.getState().getRunning().getStartedAt()).isEqualTo(before.getState().getRunning().getStartedAt());
    assertThat(after.getContainerID()).isEqualTo(before.getContainerID());
    assertThat(after.getRestartCount()).isZero();
    assertThat(pid("talk")).isEqualTo(pid);
    assertThat(logs("talk")).isEqualTo("got one\ngot two\ngot three\n");
  }

  @Test
  void closesTheStdinOfAnAdoptedStdinOnceContainerWhenTheFirstAttachEnds() throws Exception {
    kubelet = startKubelet();
    Pod once = pod("once", "Never", "while read l; do echo \"got $l\"; done; echo eof");
    once.getSpec().getContainers().get(0).setStdin(true);
    once.getSpec().getContainers().get(0).setStdinOnce(true);
    client.pods().inNamespace("default").resource(once).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("once").getState().getRunning()).isNotNull());
    long pid = pid("once");

    kubelet.abandon();
    kubelet = null;
    kubelet = startKubelet();

    attach("once", "hi\n", "got hi\n", false);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("once").getStatus().getPhase()).isEqualTo("Succeeded"));
    ContainerStatus s = main("once");
    assertThat(s.getState().getTerminated().getExitCode()).isZero();
    assertThat(s.getRestartCount()).isZero();
    assertThat(pid("once")).isEqualTo(pid);
    assertThat(logs("once")).isEqualTo("got hi\neof\n");
  }

  /**
   * Attaches to the pod's container, sends {@code input} and waits for {@code reply}, then leaves: by closing its
   * stdin ({@code closeStdin}) or by closing the connection.
   */
  private void attach(String name, String input, String reply, boolean closeStdin) throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      // A new kubelet accepts the attach once it has adopted the container (until then it knows no running one).
      ExecClient c = await().atMost(TIMEOUT).ignoreExceptions().until(() -> ExecClient.connect(vertx,
          kubelet.endpointPort(), "/attach/default/" + name + "/main?stdin=true&stdout=true&stderr=true", "t0ken",
          List.of("v5.channel.k8s.io")), java.util.Objects::nonNull);
      try (c) {
        c.send(0, input);
        assertThat(c.awaitStdout(reply)).endsWith(reply);
        if (closeStdin) {
          c.closeStdin();
        }
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static java.util.Set<Long> pidsMentioning(String s) {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(s)).orElse(false)).map(ProcessHandle::pid)
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void reportsAContainerWhoseShimDiedAsUnknownAndRestartsItPerPolicy() throws Exception {
    kubelet = startKubelet();
    client.pods().inNamespace("default").resource(pod("lost", "OnFailure", "sleep 3600")).create();
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(main("lost").getState().getRunning()).isNotNull());
    long pid = pid("lost");
    long shim = ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElseThrow();

    kubelet.abandon();
    kubelet = null;
    // Both gone without a record, as after a node reboot.
    // The shim first: killed after its container, it could still write the container's exit record.
    ProcessHandle.of(shim).ifPresent(h -> {
      List<ProcessHandle> container = h.descendants().toList();
      h.destroyForcibly();
      h.onExit().join();
      container.forEach(ProcessHandle::destroyForcibly);
    });
    await().atMost(TIMEOUT).until(() -> !alive(pid) && !alive(shim));
    kubelet = startKubelet();

    await().atMost(TIMEOUT).untilAsserted(() -> {
      ContainerStatus s = main("lost");
      assertThat(s.getRestartCount()).isEqualTo(1);
      assertThat(s.getState().getRunning()).isNotNull();
      assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
      assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(137);
      assertThat(s.getLastState().getTerminated().getMessage())
          .isEqualTo("The container could not be located when the pod was terminated");
    });
  }
}

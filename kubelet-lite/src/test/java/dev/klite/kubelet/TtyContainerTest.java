package dev.klite.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.exec.ExecClient;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.runtime.Terminal;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Containers with {@code tty: true} run on a pseudo-terminal as containerd gives them one: the process sees a
 * terminal, its log holds the terminal's output (one stream, recorded as stdout, with "\r\n"), attach feeds the
 * terminal's input and resizes it. Real kubelet, real processes (isolated in the pod's namespaces where the host
 * allows it).
 */
@EnabledOnOs(OS.LINUX)
@EnableKubernetesMockClient(crud = true)
class TtyContainerTest {
  private static final String NODE = "node-t";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The end of sh's prompt (busybox's ash or the host's sh); no newline follows it. */
  private static final String PROMPT = HostCapabilities.isRoot() ? "# " : "$ ";
  static KubernetesClient client;

  @TempDir Path root;
  private Kubelet kubelet;
  private Vertx vertx;

  @BeforeEach
  void start() {
    assertThat(Terminal.available()).as("util-linux script is installed here").isTrue();
    kubelet = startKubelet();
    vertx = Vertx.vertx();
  }

  private Kubelet startKubelet() {
    return Kubelet.start(client, KubeletConfig.defaults(NODE, root).withAuthToken("t")
        .withShutdownGracePeriod(Duration.ofSeconds(1)), false);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    if (kubelet != null) {
      kubelet.close();
    }
    client.pods().inAnyNamespace().delete();
    assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
    assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
  }

  private Pod pod(String name, boolean tty, boolean stdin, String... command) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid(name + "-uid")
        .endMetadata().withNewSpec().withNodeName(NODE).withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("busybox").withTty(tty).withStdin(stdin).withStdinOnce(stdin)
        .withCommand(command).endContainer().endSpec().withNewStatus().withPhase("Pending").endStatus().build();
  }

  private String phase(String name) {
    return client.pods().inNamespace("default").withName(name).get().getStatus().getPhase();
  }

  private Path log(String name) {
    String uid = client.pods().inNamespace("default").withName(name).get().getMetadata().getUid();
    return root.resolve("pods").resolve("default_" + name + "_" + uid).resolve("main").resolve("0.log");
  }

  /** The CRI log's records as "<stream> <tag> <content>", without their timestamps. */
  private List<String> records(String name) throws Exception {
    // Split on "\n" only: the content of a terminal's records ends with the "\r" of its "\r\n".
    String text = Files.readString(log(name));
    return text.isEmpty() ? List.of()
        : java.util.Arrays.stream(text.split("\n")).map(l -> l.substring(l.indexOf(' ') + 1)).toList();
  }

  @Test
  void aTtyContainerSeesATerminalAndItsLogIsTheTerminalsOutputAsStdout() throws Exception {
    client.pods().inNamespace("default").resource(pod("term", true, false, "sh", "-c",
        "[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo tty; tty; echo to-stderr >&2; hostname")).create();
    await().atMost(TIMEOUT).until(() -> "Succeeded".equals(phase("term")));
    List<String> records = records("term");
    assertThat(records).hasSize(4);
    if (HostCapabilities.detect().namespaces()) {
      // The terminal is made inside the pod's namespaces, with the container's private /dev.
      assertThat(records.get(3)).isEqualTo("stdout F term\r");
    }
    assertThat(records.get(0)).isEqualTo("stdout F tty\r");
    assertThat(records.get(1)).matches("stdout F /dev/pts/\\d+\r");
    assertThat(records.get(2)).isEqualTo("stdout F to-stderr\r");
  }

  @Test
  void aTerminalWithoutStdinNeverReadsEndOfFile() throws Exception {
    // As with containerd: nothing writes to the terminal, so the read waits instead of ending the shell.
    client.pods().inNamespace("default").resource(pod("idle", true, false, "sh", "-c",
        "echo waiting; read line; echo read-returned")).create();
    await().atMost(TIMEOUT).until(() -> Files.exists(log("idle")) && Files.readString(log("idle")).contains("waiting"));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> "Running".equals(phase("idle"))
        && !Files.readString(log("idle")).contains("read-returned"));
  }

  @Test
  void aContainerWithoutTtyIsUnchanged() throws Exception {
    client.pods().inNamespace("default").resource(pod("plain", false, false, "sh", "-c",
        "[ -t 0 ] || [ -t 1 ] || echo no-tty; echo to-stderr >&2")).create();
    await().atMost(TIMEOUT).until(() -> "Succeeded".equals(phase("plain")));
    await().atMost(TIMEOUT).untilAsserted(() ->
        assertThat(records("plain")).containsExactlyInAnyOrder("stdout F no-tty", "stderr F to-stderr"));
  }

  @Test
  void attachWithATtyEchoesAndRunsInputAndResizesTheTerminal() throws Exception {
    client.pods().inNamespace("default").resource(pod("shell", true, true, "sh")).create();
    await().atMost(TIMEOUT).until(() -> "Running".equals(phase("shell")));
    try (ExecClient c = ExecClient.connect(vertx, kubelet.endpointPort(),
        "/attach/default/shell/main?stdin=true&stdout=true&tty=true", "t", List.of("v5.channel.k8s.io"))) {
      // The terminal echoes what is typed; the shell runs it.
      c.send(0, "echo hel''lo\n");
      String out = c.awaitStdout("hello\r\n");
      assertThat(out).contains("echo hel''lo\r\n");
      // The next prompt has no newline: the shim records it as a partial line once the output pauses.
      if (!out.substring(out.lastIndexOf("hello\r\n")).contains(PROMPT)) {
        c.awaitStdout(PROMPT);
      }
      c.send(4, "{\"Width\":101,\"Height\":33}");
      c.send(0, "stty size\n");
      assertThat(c.awaitStdout("33 101\r\n")).contains("stty size\r\n");
      c.send(0, "exit 3\n");
      ExecClient.Result r = c.await();
      assertThat(r.status()).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    }
    await().atMost(TIMEOUT).until(() -> "Failed".equals(phase("shell")));
    assertThat(client.pods().inNamespace("default").withName("shell").get().getStatus().getContainerStatuses()
        .get(0).getState().getTerminated().getExitCode()).isEqualTo(3);
  }

  @Test
  void anAdoptedTtyContainerKeepsItsTerminalAndIsStillAttachable() throws Exception {
    Pod pod = pod("kept", true, true, "sh");
    pod.getSpec().getContainers().get(0).setStdinOnce(false);
    client.pods().inNamespace("default").resource(pod).create();
    await().atMost(TIMEOUT).until(() -> "Running".equals(phase("kept")));
    kubelet.abandon();
    kubelet = null;
    kubelet = startKubelet();

    ExecClient c = await().atMost(TIMEOUT).ignoreExceptions().until(() -> ExecClient.connect(vertx,
        kubelet.endpointPort(), "/attach/default/kept/main?stdin=true&stdout=true&tty=true", "t",
        List.of("v5.channel.k8s.io")), java.util.Objects::nonNull);
    try (c) {
      c.send(4, "{\"Width\":77,\"Height\":22}");
      c.send(0, "stty size; tty\n");
      assertThat(c.awaitStdout("22 77\r\n/dev/pts/")).contains("stty size; tty\r\n");
      c.send(0, "exit\n");
      assertThat(c.await().status()).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    }
    await().atMost(TIMEOUT).until(() -> "Succeeded".equals(phase("kept")));
  }
}

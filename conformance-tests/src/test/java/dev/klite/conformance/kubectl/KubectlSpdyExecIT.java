package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.Kubectl;
import dev.klite.junit5.KubectlResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pods/exec} and {@code pods/attach} for kubectl 1.27–1.29, which speak only SPDY/3.1 for them (client-go
 * before 1.30): the real old kubectl binaries against a real klite with real pods. Output on both streams, exit
 * codes through the v4 error stream, stdin piped in (more than the 64 KiB SPDY window, so the server must return
 * it), several MiB of output, {@code cp} both ways (tar over exec), a tty's size over the resize stream, and
 * {@code attach -i}; kubectl 1.32 (WebSocket) still works alongside.
 */
@EnableKlite
class KubectlSpdyExecIT {
  private static final Duration RUNNING = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private static Kubectl old(Klite klite, String binary) {
    return klite.kubectl().withBinary(Kubectl.locate(binary));
  }

  private static void runningShell(Klite klite) {
    klite.kubectl("run", "shell", "--image=busybox:1.35", "--command", "--", "sleep", "3600").orThrow();
    klite.kubectl("wait", "--for=condition=Ready", "pod/shell", "--timeout=" + RUNNING.toSeconds() + "s").orThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kubectl.1.27", "kubectl.1.29"})
  void execOverSpdy(String binary, Klite klite) {
    runningShell(klite);
    Kubectl kubectl = old(klite, binary);

    KubectlResult both = kubectl.run("exec", "shell", "--", "sh", "-c", "echo out; echo err >&2");
    assertThat(both.exitCode()).as(both.stderr()).isZero();
    assertThat(both.stdout()).isEqualTo("out\n");
    assertThat(both.stderr()).isEqualTo("err\n");

    KubectlResult failed = kubectl.run("exec", "shell", "--", "sh", "-c", "echo partial; exit 3");
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.stdout()).isEqualTo("partial\n");
    assertThat(failed.stderr()).contains("command terminated with exit code 3");

    // 256 KiB in and back out: four times the initial SPDY window, so it only completes if the server
    // returns consumed stdin to the client's window; the stdin FIN must reach cat as EOF.
    String input = "0123456789abcdef".repeat(16 * 1024);
    KubectlResult echoed = kubectl.runWithStdin(input, "exec", "-i", "shell", "--", "cat");
    assertThat(echoed.exitCode()).as(echoed.stderr()).isZero();
    assertThat(echoed.stdout()).isEqualTo(input);

    int size = 6 * 1024 * 1024;
    KubectlResult large = kubectl.run("exec", "shell", "--", "sh", "-c", "head -c " + size + " /dev/zero | tr '\\0' x");
    assertThat(large.exitCode()).as(large.stderr()).isZero();
    assertThat(large.stdout()).hasSize(size).matches("x+");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kubectl.1.27", "kubectl.1.29"})
  void cpIntoAndOutOfAPod(String binary, Klite klite) throws Exception {
    runningShell(klite);
    Kubectl kubectl = old(klite, binary);
    Path local = dir.resolve("in.txt");
    String content = "copied by " + binary + "\n" + "line\n".repeat(1000);
    Files.writeString(local, content);

    KubectlResult in = kubectl.run("cp", local.toString(), klite.namespace() + "/shell:/tmp/in.txt");
    assertThat(in.exitCode()).as(in.stderr()).isZero();
    assertThat(klite.kubectl("exec", "shell", "--", "cat", "/tmp/in.txt").orThrow()).isEqualTo(content);

    Path back = dir.resolve("back.txt");
    KubectlResult out = kubectl.run("cp", klite.namespace() + "/shell:/tmp/in.txt", back.toString());
    assertThat(out.exitCode()).as(out.stderr()).isZero();
    assertThat(Files.readString(back, StandardCharsets.UTF_8)).isEqualTo(content);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kubectl.1.27", "kubectl.1.29"})
  void attachToARunningContainer(String binary, Klite klite) {
    klite.kubectl().runWithStdin("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: reader
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.35
            stdin: true
            stdinOnce: true
            command: ["sh", "-c", "read line; echo got $line"]
        """, "apply", "-f", "-").orThrow();
    klite.kubectl("wait", "--for=condition=Ready", "pod/reader", "--timeout=" + RUNNING.toSeconds() + "s").orThrow();

    // The container blocks on its stdin until the attached client writes: what it prints comes after the attach.
    KubectlResult attached = old(klite, binary).runWithStdin("hello\n", "attach", "-i", "reader", "-c", "main");
    assertThat(attached.exitCode()).as(attached.stderr()).isZero();
    assertThat(attached.stdout()).contains("got hello");
  }

  /**
   * {@code exec -it}: the terminal's size goes over the resize stream (v3+) and reaches the container's tty. kubectl
   * needs a real terminal for {@code -t}, so it runs under {@code script} (util-linux) with a known size.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kubectl.1.27", "kubectl.1.29"})
  void ttyResizeReachesTheContainer(String binary, Klite klite) throws Exception {
    Path script = Path.of("/usr/bin/script");
    Assumptions.assumeTrue(Files.isExecutable(script), "needs util-linux script for a terminal");
    runningShell(klite);
    // The first size arrives right after the streams: wait for it in the container rather than in the test.
    String inContainer = "i=0; while [ \"$(stty size)\" != \"45 123\" ] && [ $i -lt 5000 ]; do i=$((i+1)); done;"
        + " stty size";
    String command = "stty cols 123 rows 45; '" + Kubectl.locate(binary) + "' --kubeconfig '" + klite.kubeconfigPath()
        + "' --cache-dir '" + dir.resolve("cache") + "' exec -it shell -- sh -c '" + inContainer + "'";
    Process p = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null").redirectErrorStream(true).start();
    p.getOutputStream().close();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl exec -it did not finish in 60 s");
    }
    String out = output.get(10, TimeUnit.SECONDS);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("45 123");
  }

  /** A kubelet refusal reaches the SPDY client as upstream's proxy passes it: before any upgrade. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kubectl.1.27", "kubectl.1.29"})
  void aContainerThatIsNotRunningGetsTheKubeletsMessage(String binary, Klite klite) {
    KubectlExecIT.startPodWhoseMainContainerWaits(klite);

    KubectlResult refused = old(klite, binary).run("exec", "starting", "-c", "main", "--", "true");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("error: unable to upgrade connection: container not found (\"main\")");
  }

  @Test
  void webSocketKubectlStillWorks(Klite klite) {
    runningShell(klite);
    KubectlResult echoed = klite.kubectl().runWithStdin("via websocket\n", "exec", "-i", "shell", "--", "cat");
    assertThat(echoed.exitCode()).as(echoed.stderr()).isZero();
    assertThat(echoed.stdout()).isEqualTo("via websocket\n");
    KubectlResult failed = klite.kubectl("exec", "shell", "--", "sh", "-c", "exit 3");
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.stderr()).contains("command terminated with exit code 3");
  }
}

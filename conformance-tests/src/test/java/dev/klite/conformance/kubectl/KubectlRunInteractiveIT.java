package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.Kubectl;
import dev.klite.junit5.KubectlResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl run -i -t --rm --restart=Never} with a shell, as a user types it: the pod's container gets a
 * terminal ({@code stdin}, {@code stdinOnce} and {@code tty} true), kubectl attaches with a tty, what is typed is
 * echoed and run by the shell, and once the shell exits kubectl deletes the pod. kubectl insists on a real terminal
 * for {@code -t}, so it runs under util-linux {@code script}.
 */
@EnableKlite
class KubectlRunInteractiveIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  @Test
  void runInteractiveShellEchoesAndRunsWhatIsTypedThenDeletesThePod(Klite klite) throws Exception {
    Path script = Path.of("/usr/bin/script");
    Assumptions.assumeTrue(Files.isExecutable(script), "needs util-linux script for a terminal");
    String command = "'" + Kubectl.locate() + "' --kubeconfig '" + klite.kubeconfigPath() + "' --cache-dir '"
        + dir.resolve("cache") + "' run -i -t --rm --restart=Never typist --image=busybox:1.35 -- sh";
    Process p = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null").redirectErrorStream(true).start();
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> copy(p.getInputStream(), seen));
    try (OutputStream keys = p.getOutputStream()) {
      // Typed once kubectl is attached (it says so); before that a terminal's input would only wait in its buffer.
      await().atMost(TIMEOUT).until(() -> text(seen).contains("If you don't see a command prompt"));
      keys.write("echo hel''lo; exit\n".getBytes(StandardCharsets.UTF_8));
      keys.flush();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl run -it did not finish: " + text(seen));
      }
    }
    reader.get(10, TimeUnit.SECONDS);
    String out = text(seen);
    assertThat(p.exitValue()).as(out).isZero();
    // The container's terminal echoed the line, and the shell's output follows it.
    assertThat(out).contains("echo hel''lo; exit\r\n").contains("\r\nhello\r\n");
    assertThat(out).contains("pod \"typist\" deleted");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      KubectlResult gone = klite.kubectl("get", "pod", "typist");
      assertThat(gone.exitCode()).isNotZero();
      assertThat(gone.stderr()).contains("NotFound");
    });
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // The process is gone: what was read is all there is.
    }
  }
}

package dev.klite.conformance.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code klite server} as a separate OS process, started from the runnable jar the build made. */
public final class KliteProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Path kubeconfig;

  private KliteProcess(Process process, Path log, Path kubeconfig) {
    this.process = process;
    this.log = log;
    this.kubeconfig = kubeconfig;
  }

  /** The jar the cli module packaged (set by the failsafe configuration). */
  public static Path jar() {
    String path = System.getProperty("klite.jar");
    assertThat(path).as("system property klite.jar").isNotNull();
    Path jar = Path.of(path);
    assertThat(jar).as("the runnable jar (built by the cli module's package phase)").exists();
    return jar;
  }

  /** Starts {@code java -jar klite.jar server --data-dir DIR --port 0} and waits for its KUBECONFIG line. */
  public static KliteProcess start(Path dataDir, String... extraArgs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString(),
        "server", "--data-dir", dataDir.toString(), "--port", "0", "--node-name", "klite-process-node"));
    command.addAll(List.of(extraArgs));
    Path log = Files.createTempFile("klite-server-", ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    ProcessLines out = new ProcessLines(process.getInputStream(), "klite-server-stdout");
    String export;
    try {
      export = out.await(l -> l.startsWith("export KUBECONFIG="), Duration.ofSeconds(90));
    } catch (AssertionError e) {
      process.destroyForcibly();
      throw new AssertionError(e.getMessage() + "\nserver log:\n" + Files.readString(log), e);
    }
    return new KliteProcess(process, log, Path.of(export.substring("export KUBECONFIG=".length())));
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public long pid() {
    return process.pid();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Sends SIGTERM and waits for the JVM to finish its shutdown; returns the exit code. */
  public int terminate(Duration timeout) throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("klite did not stop within " + timeout + " after SIGTERM; log:\n" + log());
    }
    return process.exitValue();
  }

  /** Sends SIGKILL, as a crash or the OOM killer would (no shutdown hook runs), and waits for the JVM to be gone. */
  public void kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("klite did not die within " + timeout + " after SIGKILL");
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}

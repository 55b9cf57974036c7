package dev.klite.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test running as a child JVM: {@code java -jar klite.jar server ...} or the peer's
 * {@link PeerServerMain}. {@link #start} returns once the server answers its readiness request, and
 * records how long that took from the moment the process was spawned.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern KUBECONFIG_LINE = Pattern.compile("^export KUBECONFIG=(.+)$");
  private static final Pattern PEER_LINE = Pattern.compile("^peer is running at (https://\\S+)$");

  private final Process process;
  private final Endpoint endpoint;
  private final double startMillis;
  private final double readyRssMiB;
  private final Path log;

  private ServerProcess(Process process, Endpoint endpoint, double startMillis, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.startMillis = startMillis;
    this.readyRssMiB = Rss.ofPid(process.pid());
    this.log = log;
  }

  /** Starts {@code klite server --data-dir dataDir --port 0} from the runnable jar. */
  public static ServerProcess klite(Path jar, Path dataDir, List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>(List.of(javaBin()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", jar.toString(), "server", "--data-dir", dataDir.toString(), "--port", "0",
        "--node-name", "bench", "--job-backoff", "1s"));
    return start("klite", cmd, dataDir.resolveSibling(dataDir.getFileName() + ".log"), line -> {
      Matcher m = KUBECONFIG_LINE.matcher(line);
      return m.matches() ? Optional.of(kliteEndpoint(Path.of(m.group(1).trim()))) : Optional.empty();
    }, "/readyz");
  }

  /** Starts the peer (fabric8's mock server in CRUD mode) in a child JVM with this JVM's class path. */
  public static ServerProcess peer(Path workDir) {
    List<String> cmd = List.of(javaBin(), "-cp", System.getProperty("java.class.path"), PeerServerMain.class.getName(),
        workDir.resolve("peer-kubeconfig").toString());
    return start("peer", cmd, workDir.resolve("peer-" + System.nanoTime() + ".log"), line -> {
      Matcher m = PEER_LINE.matcher(line);
      return m.matches() ? Optional.of(PeerServerMain.endpoint(URI.create(m.group(1)), workDir.resolve("peer-kubeconfig")))
          : Optional.empty();
    }, "/api/v1/namespaces/default/configmaps");
  }

  private interface ReadyLine {
    Optional<Endpoint> parse(String line);
  }

  private static ServerProcess start(String name, List<String> cmd, Path log, ReadyLine ready, String readyPath) {
    long t0 = System.nanoTime();
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
    CompletableFuture<Endpoint> found = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!found.isDone()) ready.parse(line.trim()).ifPresent(found::complete);
        }
      } catch (IOException | RuntimeException e) {
        found.completeExceptionally(e);
      }
      found.completeExceptionally(new IllegalStateException(name + " exited before it was ready"));
    }, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      Endpoint endpoint = found.get(120, TimeUnit.SECONDS);
      Api.Response r = new Api(endpoint).get(readyPath);
      if (r.status() != 200) throw new IllegalStateException(name + " " + readyPath + " answered " + r.status());
      double ms = (System.nanoTime() - t0) / 1e6;
      return new ServerProcess(p, endpoint, ms, log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      p.destroyForcibly();
      throw new IllegalStateException(name + " did not start (log: " + log + ")", e);
    }
  }

  /** The admin kubeconfig klite wrote: server URL, CA and token. */
  static Endpoint kliteEndpoint(Path kubeconfig) {
    try {
      String yaml = Files.readString(kubeconfig);
      String server = field(yaml, "server");
      String ca = new String(Base64.getDecoder().decode(field(yaml, "certificate-authority-data")), StandardCharsets.UTF_8);
      return new Endpoint("klite", URI.create(server), field(yaml, "token"), Optional.of(ca), kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + kubeconfig, e);
    }
  }

  private static String field(String yaml, String key) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ":\\s*(\\S+)\\s*$").matcher(yaml);
    if (!m.find()) throw new IllegalStateException("kubeconfig has no " + key);
    return m.group(1);
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** Milliseconds from spawning the process to the first 200 on the readiness request. */
  public double startMillis() {
    return startMillis;
  }

  /** Resident memory in MiB read right after the server answered its readiness request. */
  public double readyRssMiB() {
    return readyRssMiB;
  }

  public long pid() {
    return process.pid();
  }

  /** Resident memory of the process in MiB ({@code VmRSS} in {@code /proc/<pid>/status}). */
  public double rssMiB() {
    return Rss.ofPid(process.pid());
  }

  public Path log() {
    return log;
  }

  /** SIGTERM (klite's shutdown hook stops pods, then the store), SIGKILL after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

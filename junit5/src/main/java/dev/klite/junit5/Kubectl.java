package dev.klite.junit5;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * Runs the real {@code kubectl} from {@code PATH} against one kubeconfig. Each run gets the same
 * private cache directory, so discovery cached for another server never leaks in.
 */
public final class Kubectl {
  /** Set to 1 (as CI does) to fail instead of skipping when kubectl is missing. */
  public static final String REQUIRE_ENV = "KLITE_REQUIRE_KUBECTL";
  private static final long TIMEOUT_SECONDS = 120;

  private final Path binary;
  private final Path kubeconfig;
  private final Path cacheDir;

  Kubectl(Path binary, Path kubeconfig, Path cacheDir) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
    this.cacheDir = cacheDir;
  }

  /** kubectl from PATH for any kubeconfig (e.g. a klite started outside this JVM, or a real cluster). */
  public static Kubectl forKubeconfig(Path kubeconfig, Path cacheDir) {
    return new Kubectl(locate(), kubeconfig, cacheDir);
  }

  /** kubectl on PATH; aborts (skips) the test when missing, unless {@value #REQUIRE_ENV}=1 (then fails). */
  public static Path locate() {
    Optional<Path> found = findOnPath();
    if (found.isPresent()) return found.get();
    String message = "kubectl is not on PATH";
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(message + " and " + REQUIRE_ENV + "=1");
    }
    throw new TestAbortedException(message + "; skipping (set " + REQUIRE_ENV + "=1 to fail instead)");
  }

  /**
   * Another kubectl build by file name (e.g. {@code kubectl.1.27}): on PATH, or next to the resolved target of
   * {@code kubectl} (the Cloud SDK keeps {@code kubectl.1.27} … {@code kubectl.1.33} beside its dispatcher). Skips or
   * fails like {@link #locate()} when absent.
   */
  public static Path locate(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) return candidate;
    }
    Path kubectl = locate();
    try {
      Path sibling = kubectl.toRealPath().getParent().resolve(name);
      if (Files.isExecutable(sibling)) return sibling;
    } catch (IOException e) {
      // fall through to "missing"
    }
    String message = name + " is neither on PATH nor next to " + kubectl;
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(message + " and " + REQUIRE_ENV + "=1");
    }
    throw new TestAbortedException(message + "; skipping (set " + REQUIRE_ENV + "=1 to fail instead)");
  }

  /** The same kubeconfig with another kubectl binary (its own cache directory: versions cache differently). */
  public Kubectl withBinary(Path other) {
    return new Kubectl(other, kubeconfig, cacheDir.resolve(other.getFileName().toString()));
  }

  static Optional<Path> findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "kubectl");
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Runs kubectl with the given arguments and waits for it (at most two minutes). */
  public KubectlResult run(String... args) {
    return runWithStdin(null, args);
  }

  /** Runs kubectl with {@code stdin} piped in (e.g. {@code apply -f -}). */
  public KubectlResult runWithStdin(String stdin, String... args) {
    Process p = start(args);
    try {
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      return new KubectlResult(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted while running kubectl", e);
    }
  }

  /**
   * Starts kubectl without waiting, for long-running commands such as {@code get --watch} or
   * {@code logs -f}. The caller reads its output and destroys it.
   */
  public Process start(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--cache-dir=" + cacheDir);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().remove("KUBERNETES_SERVICE_HOST");
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary, e);
    }
  }

  /** Own daemon threads: the common pool has one thread on 2 cores and the two drains must run at once. */
  private static final java.util.concurrent.ExecutorService DRAINERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubectl-output");
    t.setDaemon(true);
    return t;
  });

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        stream.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, DRAINERS);
  }
}

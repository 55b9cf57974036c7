package dev.klite.conformance.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a script with the official Python client ({@code python3-kubernetes}). Without python3 or
 * the module the test is skipped with a logged reason, unless {@value #REQUIRE_ENV}=1 (as in CI):
 * then it fails.
 */
public final class PythonClient {
  /** Set to 1 to fail instead of skipping when python3 or its kubernetes module is missing. */
  public static final String REQUIRE_ENV = "KLITE_REQUIRE_PYTHON_CLIENT";
  /** The exit code a script uses when {@code import kubernetes} fails. */
  public static final int MODULE_MISSING = 3;
  private static final Logger log = LoggerFactory.getLogger(PythonClient.class);

  /** The script's exit code and its combined stdout and stderr. */
  public record Result(int exitCode, String output) {}

  private PythonClient() {}

  /**
   * Copies the classpath resource {@code script} to a temporary file and runs it with {@code args}.
   * Debian's python3-kubernetes lives in /usr/bin/python3's dist-packages, which a pyenv python3
   * first on PATH does not see: both are tried.
   */
  public static Result run(String script, Duration timeout, String... args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("klite-python-");
    try {
      Path file = dir.resolve(Path.of(script).getFileName().toString());
      try (InputStream in = PythonClient.class.getResourceAsStream(script)) {
        if (in == null) throw new IllegalArgumentException("no resource " + script);
        Files.copy(in, file);
      }
      Result last = null;
      for (String python : List.of("python3", "/usr/bin/python3")) {
        List<String> command = new ArrayList<>(List.of(python, "-u", file.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process p;
        try {
          p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
          continue; // this interpreter is not installed
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(python + " " + script + " did not finish within " + timeout + "; output:\n" + Files.readString(out));
        }
        last = new Result(p.exitValue(), Files.readString(out));
        if (last.exitCode() != MODULE_MISSING) return last;
      }
      throw skip(last == null ? "python3 is not installed"
          : "the python3 kubernetes module is missing (apt-get install python3-kubernetes)");
    } finally {
      deleteRecursively(dir);
    }
  }

  private static RuntimeException skip(String reason) {
    if ("1".equals(System.getenv(REQUIRE_ENV))) {
      throw new AssertionError(reason + " but " + REQUIRE_ENV + "=1");
    }
    log.warn("skipping: {} (set {}=1 to fail instead)", reason, REQUIRE_ENV);
    return new TestAbortedException(reason + "; skipping (set " + REQUIRE_ENV + "=1 to fail instead)");
  }

  private static void deleteRecursively(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

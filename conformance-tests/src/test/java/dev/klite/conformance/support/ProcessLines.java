package dev.klite.conformance.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Collects the lines a long-running process prints (for example {@code kubectl get --watch}) on a
 * daemon thread, so a test can wait for a line with a timeout instead of sleeping.
 */
public final class ProcessLines {
  private static final String EOF = new String("<eof>");
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  public ProcessLines(InputStream stream, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) lines.add(line);
      } catch (IOException ignored) {
        // the process was destroyed: the stream ends here
      } finally {
        lines.add(EOF);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  /** Waits for the first line matching {@code test}; fails with everything seen when it does not come. */
  public String await(Predicate<String> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
      if (line == null || line == EOF) {
        throw new AssertionError("no matching line within " + timeout + (line == EOF ? " (stream ended)" : "")
            + "; lines seen:\n" + String.join("\n", seen));
      }
      seen.add(line);
      if (test.test(line)) return line;
    }
  }

  /** All lines read so far by {@link #await}. */
  public List<String> seen() {
    return List.copyOf(seen);
  }
}

package dev.klite.kubelet.logs;

import dev.klite.kubelet.runtime.Rfc3339;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import dev.klite.kubelet.runtime.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a CRI-format container log file the way the kubelet serves it ({@code pkg/kubelet/kuberuntime/logs/logs.go}):
 * strips the {@code <time> <stream> <tag> } prefix, joins nothing but appends the newline only to full ({@code F})
 * records, applies tail (lines from the end, found before filtering), since, timestamps (RFC3339Nano and a space)
 * and a byte limit, and when following keeps reading until the container has exited and the file is drained.
 * Blocking file I/O: run on a worker thread.
 */
public final class CriLogReader {
  private static final Duration FOLLOW_POLL = Duration.ofMillis(100);

  /** Receives output. Returns false when the consumer has gone away. May block for back-pressure. */
  public interface LogSink {
    boolean write(byte[] data) throws IOException;
  }

  private CriLogReader() {}

  /**
   * Copies {@code file}, preceded by its rotated predecessors ({@link LogFiles#retained}), to {@code sink}
   * according to {@code options}. Tail counts lines across the retained files; when following, a rotation of the
   * live file is noticed and reading continues in the new one.
   *
   * @param exited completes when the container instance writing {@code file} has exited (and the file is complete)
   */
  public static void copy(Path file, LogOptions options, LogSink sink, Future<?> exited)
      throws IOException, InterruptedException {
    long[] remaining = {options.limitBytes() >= 0 ? options.limitBytes() : Long.MAX_VALUE};
    List<Path> older = new ArrayList<>(LogFiles.retained(file));
    older.remove(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long tail = options.tailLines();
      long start = tail >= 0 ? tailStart(raf, tail) : 0;
      // What the live file cannot supply of the tail comes from the newest rotated files.
      long need = tail >= 0 && start == 0 ? tail - countLines(raf) : tail >= 0 ? 0 : -1;
      List<long[]> starts = new ArrayList<>();
      List<Path> plan = new ArrayList<>();
      for (int i = older.size() - 1; i >= 0 && need != 0; i--) {
        try (RandomAccessFile r = new RandomAccessFile(older.get(i).toFile(), "r")) {
          long lines = countLines(r);
          long from = need < 0 || lines <= need ? 0 : tailStart(r, need);
          plan.add(0, older.get(i));
          starts.add(0, new long[] {from});
          need = need < 0 ? -1 : Math.max(0, need - lines);
        }
      }
      for (int i = 0; i < plan.size(); i++) {
        try (RandomAccessFile r = new RandomAccessFile(plan.get(i).toFile(), "r")) {
          if (!copyFrom(r, null, starts.get(i)[0], options.withoutFollow(), sink, exited, remaining)) {
            return;
          }
        }
      }
      copyFrom(raf, file, start, options, sink, exited, remaining);
    }
  }

  /**
   * Follows the live {@code file} from byte {@code offset} (a record boundary: the length it had at some earlier
   * moment), as an attach streams output from the moment it was asked for.
   */
  public static void follow(Path file, long offset, LogOptions options, LogSink sink, Future<?> exited)
      throws IOException, InterruptedException {
    long[] remaining = {options.limitBytes() >= 0 ? options.limitBytes() : Long.MAX_VALUE};
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      copyFrom(raf, file, Math.min(offset, raf.length()), options, sink, exited, remaining);
    }
  }

  /**
   * Copies one file from {@code pos}; returns false when the sink went away or the byte limit was reached. When
   * following and {@code live} is the path being written, a rotation (a new file at that path) switches to it.
   */
  private static boolean copyFrom(RandomAccessFile first, Path live, long start, LogOptions options, LogSink sink,
      Future<?> exited, long[] remaining) throws IOException, InterruptedException {
    RandomAccessFile raf = first;
    Object key = live == null ? null : fileKey(live);
    long pos = start;
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    boolean drainedAfterExit = false;
    try {
      while (remaining[0] > 0) {
        raf.seek(pos);
        int n = raf.read(buf);
        if (n <= 0) {
          if (!options.follow()) {
            return true;
          }
          Object now = live == null ? null : fileKey(live);
          if (now != null && !now.equals(key)) {
            if (raf != first) {
              raf.close();
            }
            raf = new RandomAccessFile(live.toFile(), "r");
            key = now;
            pos = 0;
            continue;
          }
          if (exited.isDone()) {
            if (drainedAfterExit) {
              return true;
            }
            drainedAfterExit = true;
            continue;
          }
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
          LockSupport.parkNanos(FOLLOW_POLL.toNanos());
          continue;
        }
        pos += n;
        int lineStart = 0;
        for (int i = 0; i < n && remaining[0] > 0; i++) {
          if (buf[i] != '\n') {
            continue;
          }
          pending.write(buf, lineStart, i - lineStart);
          lineStart = i + 1;
          byte[] out = render(pending.toByteArray(), options);
          pending.reset();
          if (out.length == 0) {
            continue;
          }
          if (out.length > remaining[0]) {
            byte[] cut = new byte[(int) remaining[0]];
            System.arraycopy(out, 0, cut, 0, cut.length);
            out = cut;
          }
          remaining[0] -= out.length;
          if (!sink.write(out)) {
            return false;
          }
        }
        if (lineStart < n && remaining[0] > 0) {
          pending.write(buf, lineStart, n - lineStart);
        }
      }
      return false;
    } finally {
      if (raf != first) {
        raf.close();
      }
    }
  }

  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  static long countLines(RandomAccessFile raf) throws IOException {
    long count = 0;
    byte[] buf = new byte[64 * 1024];
    raf.seek(0);
    int n;
    while ((n = raf.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          count++;
        }
      }
    }
    return count;
  }

  /** One CRI record rendered for output; empty when malformed or filtered out by {@code since}. */
  static byte[] render(byte[] record, LogOptions options) {
    String line = new String(record, StandardCharsets.UTF_8);
    int s1 = line.indexOf(' ');
    int s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
    int s3 = s2 < 0 ? -1 : line.indexOf(' ', s2 + 1);
    if (s3 < 0 && s2 >= 0 && line.length() == s2 + 2) {
      s3 = line.length(); // "<ts> <stream> F" with empty content and no trailing space
    }
    if (s3 < 0) {
      return new byte[0];
    }
    Instant ts;
    try {
      ts = Rfc3339.parse(line.substring(0, s1));
    } catch (DateTimeParseException e) {
      return new byte[0];
    }
    if (options.since() != null && ts.isBefore(options.since())) {
      return new byte[0];
    }
    String tag = line.substring(s2 + 1, Math.min(s3, line.length()));
    String content = s3 >= line.length() ? "" : line.substring(s3 + 1);
    StringBuilder sb = new StringBuilder();
    if (options.timestamps()) {
      sb.append(Rfc3339.nano(ts)).append(' ');
    }
    sb.append(content);
    if (!tag.startsWith("P")) {
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The offset where the last {@code lines} lines of the file start. */
  static long tailStart(RandomAccessFile raf, long lines) throws IOException {
    long size = raf.length();
    if (lines == 0) {
      return size;
    }
    long pos = size;
    long count = 0;
    byte[] buf = new byte[8192];
    while (pos > 0) {
      int len = (int) Math.min(buf.length, pos);
      pos -= len;
      raf.seek(pos);
      raf.readFully(buf, 0, len);
      for (int i = len - 1; i >= 0; i--) {
        long at = pos + i;
        if (buf[i] == '\n' && at != size - 1) {
          count++;
          if (count == lines) {
            return at + 1;
          }
        }
      }
    }
    return 0;
  }
}

package dev.klite.kubelet.logs;

import dev.klite.kubelet.runtime.Rfc3339;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Serves a plain-text log file (a control-plane component's own log, shown as its mirror pod's log) with the
 * {@code pods/log} options: tailLines, limitBytes, follow (until {@code stop}; a truncated or replaced file is read
 * from its start), and, since a plain line carries no time of its own, the file's modification time for
 * {@code timestamps} and {@code sinceSeconds}/{@code sinceTime} (a file last written before {@code since} shows
 * nothing old). A missing file is an empty log. Blocking file I/O: run on a worker thread.
 */
final class PlainLogReader {
  private static final Duration FOLLOW_POLL = Duration.ofMillis(100);

  private PlainLogReader() {}

  static void copy(Path file, LogOptions options, CriLogReader.LogSink sink, Future<?> stop)
      throws IOException, InterruptedException {
    long remaining = options.limitBytes() >= 0 ? options.limitBytes() : Long.MAX_VALUE;
    long pos = -1;
    Object key = null;
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    while (remaining > 0) {
      BasicFileAttributes attrs = attributes(file);
      if (attrs != null && (pos < 0 || !attrs.fileKey().equals(key) || attrs.size() < pos)) {
        boolean first = pos < 0;
        key = attrs.fileKey();
        pending.reset();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
          boolean old = options.since() != null && attrs.lastModifiedTime().toInstant().isBefore(options.since());
          pos = !first ? 0 : old ? raf.length() : options.tailLines() >= 0
              ? CriLogReader.tailStart(raf, options.tailLines()) : 0;
        }
      }
      int n = 0;
      if (attrs != null && attrs.size() > pos) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
          raf.seek(pos);
          n = Math.max(0, raf.read(buf));
        }
      }
      if (n == 0) {
        if (!options.follow() || stop.isDone()) {
          return;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        LockSupport.parkNanos(FOLLOW_POLL.toNanos());
        continue;
      }
      pos += n;
      String prefix = options.timestamps() ? Rfc3339.nano(modified(file)) + " " : "";
      int lineStart = 0;
      for (int i = 0; i < n && remaining > 0; i++) {
        if (buf[i] != '\n') {
          continue;
        }
        pending.write(buf, lineStart, i + 1 - lineStart);
        lineStart = i + 1;
        byte[] line = pending.toByteArray();
        pending.reset();
        byte[] out = prefix.isEmpty() ? line : concat(prefix.getBytes(StandardCharsets.UTF_8), line);
        if (out.length > remaining) {
          out = java.util.Arrays.copyOf(out, (int) remaining);
        }
        remaining -= out.length;
        if (!sink.write(out)) {
          return;
        }
      }
      if (lineStart < n) {
        pending.write(buf, lineStart, n - lineStart);
      }
    }
  }

  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  private static Instant modified(Path file) {
    BasicFileAttributes a = attributes(file);
    return a == null ? Instant.now() : a.lastModifiedTime().toInstant();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

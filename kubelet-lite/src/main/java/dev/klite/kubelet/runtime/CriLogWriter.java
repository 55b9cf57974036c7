package dev.klite.kubelet.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Appends a container's stdout and stderr to one file in the CRI log format
 * ({@code <RFC3339Nano> <stream> <P|F> <content>\n}), as containerd does in {@code pkg/cri/io/logger.go}: a line
 * longer than {@link #MAX_LINE} is split into partial ({@code P}) records, and a last line without a newline is
 * written as a partial record too (containerd's redirectLogs treats output that ends without a newline as partial),
 * so that readers do not add a line break the container never wrote. Thread-safe: both stream pumps share one
 * writer.
 */
final class CriLogWriter implements AutoCloseable {
  /** containerd's default max container log line size (16 KiB). */
  static final int MAX_LINE = 16 * 1024;

  private final Path file;
  private final Clock clock;
  private final LogLimits limits;
  private OutputStream out;
  private long size;
  private int rotations;

  CriLogWriter(Path file, Clock clock) throws IOException {
    this(file, clock, LogLimits.UNLIMITED);
  }

  CriLogWriter(Path file, Clock clock, LogLimits limits) throws IOException {
    Files.createDirectories(file.getParent());
    this.file = file;
    this.clock = clock;
    this.limits = limits;
    this.out = open(file);
    this.size = Files.size(file);
  }

  private static OutputStream open(Path file) throws IOException {
    return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  /**
   * Renames the live file to {@code <file>.<n>} (n counting up) and drops the oldest rotated file beyond the limit.
   * Readers list the files with {@link LogFiles#retained(Path)}.
   */
  private void rotate() throws IOException {
    out.close();
    rotations++;
    Files.move(file, LogFiles.rotated(file, rotations));
    int oldest = rotations - (limits.maxFiles() - 1);
    if (oldest >= 1) {
      Files.deleteIfExists(LogFiles.rotated(file, oldest));
    }
    out = open(file);
    size = 0;
  }

  /** Copies {@code in} line by line until EOF. Runs on a pump thread; blocks on the process's pipe. */
  void pump(InputStream in, String stream) throws IOException {
    byte[] line = new byte[MAX_LINE];
    int len = 0;
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) >= 0) {
      for (int i = 0; i < n; i++) {
        byte b = buf[i];
        if (b == '\n') {
          record(stream, line, len, false);
          len = 0;
        } else {
          line[len++] = b;
          if (len == MAX_LINE) {
            record(stream, line, len, true);
            len = 0;
          }
        }
      }
    }
    if (len > 0) {
      record(stream, line, len, true);
    }
  }

  private synchronized void record(String stream, byte[] content, int len, boolean partial) throws IOException {
    byte[] prefix = (Rfc3339.nano(clock.instant()) + " " + stream + (partial ? " P " : " F "))
        .getBytes(StandardCharsets.US_ASCII);
    long recordSize = prefix.length + len + 1L;
    if (size > 0 && size + recordSize > limits.maxBytes()) {
      rotate();
    }
    out.write(prefix);
    out.write(content, 0, len);
    out.write('\n');
    size += recordSize;
    // Flushed per record so that "logs -f" sees lines as they are produced.
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}

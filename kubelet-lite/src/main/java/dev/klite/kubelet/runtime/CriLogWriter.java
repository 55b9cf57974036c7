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
 * still written as a full ({@code F}) record. Thread-safe: both stream pumps share one writer.
 */
final class CriLogWriter implements AutoCloseable {
  /** containerd's default max container log line size (16 KiB). */
  static final int MAX_LINE = 16 * 1024;

  private final OutputStream out;
  private final Clock clock;

  CriLogWriter(Path file, Clock clock) throws IOException {
    Files.createDirectories(file.getParent());
    this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    this.clock = clock;
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
      record(stream, line, len, false);
    }
  }

  private synchronized void record(String stream, byte[] content, int len, boolean partial) throws IOException {
    String prefix = Rfc3339.nano(clock.instant()) + " " + stream + (partial ? " P " : " F ");
    out.write(prefix.getBytes(StandardCharsets.US_ASCII));
    out.write(content, 0, len);
    out.write('\n');
    // Flushed per record so that "logs -f" sees lines as they are produced.
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}

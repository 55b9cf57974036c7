package dev.klite.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.kubelet.runtime.Rfc3339;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainLogReaderTest {
  @TempDir Path dir;

  private String read(Path file, LogOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PlainLogReader.copy(file, options, data -> {
      out.write(data);
      return true;
    }, CompletableFuture.completedFuture(null));
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path file(String content, Instant mtime) throws Exception {
    Path f = dir.resolve("component.log");
    Files.writeString(f, content);
    Files.setLastModifiedTime(f, FileTime.from(mtime));
    return f;
  }

  @Test
  void servesPlainLinesWithTailLimitAndTheFileTimeAsTimestamp() throws Exception {
    Instant mtime = Instant.parse("2026-01-02T03:04:05.123456789Z");
    Path f = file("one\ntwo\nthree\n", mtime);
    assertThat(read(f, LogOptions.ALL)).isEqualTo("one\ntwo\nthree\n");
    assertThat(read(f, new LogOptions(false, false, 2, null, false, -1))).isEqualTo("two\nthree\n");
    assertThat(read(f, new LogOptions(false, false, -1, null, false, 6))).isEqualTo("one\ntw");
    assertThat(read(f, new LogOptions(false, false, 1, null, true, -1)))
        .isEqualTo(Rfc3339.nano(mtime) + " three\n");
    assertThat(read(f, new LogOptions(false, false, -1, mtime.plusSeconds(1), false, -1))).isEmpty();
    assertThat(read(dir.resolve("missing.log"), LogOptions.ALL)).isEmpty();
  }

  @Test
  void followsAppendedLinesUntilStopped() throws Exception {
    Path f = file("old\n", Instant.now());
    LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
    CompletableFuture<Void> stop = new CompletableFuture<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> reading = pool.submit(() -> {
        PlainLogReader.copy(f, new LogOptions(true, false, 1, null, false, -1), data -> {
          got.add(new String(data, StandardCharsets.UTF_8));
          return true;
        }, stop);
        return null;
      });
      assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("old\n");
      Files.writeString(f, "new\n", StandardOpenOption.APPEND);
      assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("new\n");
      stop.complete(null);
      reading.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}

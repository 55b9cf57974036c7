package dev.klite.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogReaderTest {
  private static final String LOG = """
      2026-01-01T00:00:01.5Z stdout F one
      2026-01-01T00:00:02Z stderr F two
      2026-01-01T00:00:03.123456789Z stdout P thr
      2026-01-01T00:00:03.2Z stdout F ee
      2026-01-01T00:00:04Z stdout F
      2026-01-01T00:00:05Z stdout F five
      """;

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void write() throws Exception {
    file = dir.resolve("0.log");
    Files.writeString(file, LOG);
  }

  private String read(LogOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CriLogReader.copy(file, options, data -> {
      out.write(data);
      return true;
    }, CompletableFuture.completedFuture(null));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void stripsTheCriPrefixAndJoinsPartialRecords() throws Exception {
    assertThat(read(LogOptions.ALL)).isEqualTo("one\ntwo\nthree\n\nfive\n");
  }

  @Test
  void tailCountsFileLinesFromTheEnd() throws Exception {
    assertThat(read(new LogOptions(false, false, 2, null, false, -1))).isEqualTo("\nfive\n");
    assertThat(read(new LogOptions(false, false, 0, null, false, -1))).isEmpty();
    assertThat(read(new LogOptions(false, false, 100, null, false, -1))).isEqualTo("one\ntwo\nthree\n\nfive\n");
  }

  @Test
  void sinceDropsEarlierLines() throws Exception {
    assertThat(read(new LogOptions(false, false, -1, Instant.parse("2026-01-01T00:00:04Z"), false, -1)))
        .isEqualTo("\nfive\n");
  }

  @Test
  void timestampsPrefixEachRecordWithRfc3339Nano() throws Exception {
    assertThat(read(new LogOptions(false, false, 2, null, true, -1)))
        .isEqualTo("2026-01-01T00:00:04Z \n2026-01-01T00:00:05Z five\n");
    assertThat(read(new LogOptions(false, false, -1, null, true, -1)))
        .startsWith("2026-01-01T00:00:01.5Z one\n2026-01-01T00:00:02Z two\n2026-01-01T00:00:03.123456789Z thr");
  }

  @Test
  void limitBytesCutsTheOutput() throws Exception {
    assertThat(read(new LogOptions(false, false, -1, null, false, 6))).isEqualTo("one\ntw");
  }

  @Test
  void followStreamsAppendedLinesUntilTheContainerExits() throws Exception {
    CompletableFuture<Void> exited = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
      try {
        CriLogReader.copy(file, new LogOptions(true, false, -1, null, false, -1), data -> {
          synchronized (out) {
            out.write(data);
          }
          return true;
        }, exited);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    org.awaitility.Awaitility.await().until(() -> {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8).endsWith("five\n");
      }
    });
    assertThat(reading).isNotDone();
    Files.writeString(file, "2026-01-01T00:00:06Z stdout F six\n", StandardOpenOption.APPEND);
    exited.complete(null);
    reading.get(5, TimeUnit.SECONDS);
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("five\nsix\n");
  }
}

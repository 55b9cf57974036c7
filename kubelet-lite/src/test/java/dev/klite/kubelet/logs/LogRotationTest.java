package dev.klite.kubelet.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.kubelet.runtime.ContainerExit;
import dev.klite.kubelet.runtime.ContainerHandle;
import dev.klite.kubelet.runtime.ContainerSpec;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import dev.klite.kubelet.runtime.LogFiles;
import dev.klite.kubelet.runtime.LogLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Size-capped container logs: rotation keeps maxFiles files and the reader serves all retained output. */
@EnabledOnOs(OS.LINUX)
class LogRotationTest {
  @TempDir Path dir;
  private LocalProcessRuntime runtime;

  @BeforeEach
  void setUp() {
    runtime = new LocalProcessRuntime();
  }

  @AfterEach
  void tearDown() {
    runtime.close();
  }

  private Path runPrinting(int lines, LogLimits limits) throws Exception {
    Path log = dir.resolve("c").resolve("0.log");
    ContainerHandle h = runtime.start(new ContainerSpec("id1", List.of("sh", "-c",
        "i=1; while [ $i -le " + lines + " ]; do echo line-$i; i=$((i+1)); done"), Map.of("PATH", "/usr/bin:/bin"),
        dir, log, List.of(), false, true, limits));
    ContainerExit exit = h.onExit().get(20, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isZero();
    return log;
  }

  private static String read(Path log, LogOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CriLogReader.copy(log, options, data -> {
      out.write(data);
      return true;
    }, CompletableFuture.completedFuture(null));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rotatesAtTheSizeCapAndKeepsAtMostMaxFiles() throws Exception {
    // Each record is ~45 bytes: 10 records per 500-byte file, 3 files keep the last 21..30 lines.
    Path log = runPrinting(100, new LogLimits(500, 3));
    List<Path> files = LogFiles.retained(log);
    assertThat(files).hasSize(3).last().isEqualTo(log);
    String all = read(log, LogOptions.ALL);
    assertThat(all).endsWith("line-100\n").doesNotContain("line-1\n");
    List<String> lines = all.lines().toList();
    int first = Integer.parseInt(lines.get(0).substring("line-".length()));
    assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(first, 100).mapToObj(i -> "line-" + i).toList());
    assertThat(lines.size()).isGreaterThan(20);
  }

  @Test
  void tailSpansRotatedFiles() throws Exception {
    Path log = runPrinting(60, new LogLimits(500, 4));
    String tail = read(log, new LogOptions(false, false, 15, null, false, -1));
    assertThat(tail.lines().toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(46, 60).mapToObj(i -> "line-" + i).toList());
  }
}

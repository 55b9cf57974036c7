package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a terminated container's message comes from (kuberuntime_container.go getTerminationMessage). */
class TerminationMessageTest {
  @TempDir Path dir;

  private static Container container(String policy) {
    return new ContainerBuilder().withName("c").withTerminationMessagePolicy(policy).build();
  }

  private Path log(String criLines) throws Exception {
    Path log = dir.resolve("0.log");
    Files.writeString(log, criLines);
    return log;
  }

  @Test
  void theFileWinsWhateverTheExitCode() throws Exception {
    Path file = Files.writeString(dir.resolve("msg"), "OK");
    Path log = log("2026-01-01T00:00:00.000000000Z stdout F from-log\n");
    assertThat(TerminationMessage.of(container("FallbackToLogsOnError"), 0, file, log)).isEqualTo("OK");
    assertThat(TerminationMessage.of(container("File"), 1, file, log)).isEqualTo("OK");
  }

  @Test
  void onlyTheLast4096BytesOfTheFileAreKept() throws Exception {
    Path file = Files.writeString(dir.resolve("msg"), "x".repeat(5000) + "END");
    String msg = TerminationMessage.of(container("File"), 0, file, null);
    assertThat(msg).hasSize(4096).endsWith("END");
  }

  @Test
  void anEmptyFileFallsBackToTheLogOnlyForAFailureUnderFallbackToLogsOnError() throws Exception {
    Path file = Files.createFile(dir.resolve("msg"));
    // "echo -n DONE": the runtime writes an unterminated last line as a partial record; no newline is added.
    Path log = log("2026-01-01T00:00:00.000000000Z stdout P DONE\n");
    assertThat(TerminationMessage.of(container("FallbackToLogsOnError"), 1, file, log)).isEqualTo("DONE");
    assertThat(TerminationMessage.of(container("FallbackToLogsOnError"), 0, file, log)).isNull();
    assertThat(TerminationMessage.of(container("File"), 1, file, log)).isNull();
    assertThat(TerminationMessage.of(container("FallbackToLogsOnError"), 1, null, log)).isEqualTo("DONE");
  }

  @Test
  void theLogTailIsTheLast80LinesAndAtMost2048Bytes() throws Exception {
    String lines = IntStream.range(0, 100).mapToObj(i -> "2026-01-01T00:00:00.000000000Z stdout F line" + i + "\n")
        .collect(Collectors.joining());
    String tail = TerminationMessage.of(container("FallbackToLogsOnError"), 2, null, log(lines));
    assertThat(tail).startsWith("line20\n").endsWith("line99\n");
    String longLines = IntStream.range(0, 50).mapToObj(i -> "2026-01-01T00:00:00.000000000Z stdout F "
        + "y".repeat(99) + "\n").collect(Collectors.joining());
    assertThat(TerminationMessage.of(container("FallbackToLogsOnError"), 2, null, log(longLines))).hasSize(2048);
  }
}

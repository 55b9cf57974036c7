package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ..data symlink layout of projected volumes (pkg/volume/util/atomic_writer.go). */
class AtomicWriterTest {
  @TempDir Path dir;

  private static AtomicWriter.FileProjection file(String text, int mode) {
    return new AtomicWriter.FileProjection(text.getBytes(StandardCharsets.UTF_8), mode);
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void filesAreReachedThroughDataSymlinkAndUpdatesSwapItWhole() throws Exception {
    assertThat(AtomicWriter.write(dir, Map.of("a", file("1", 0644), "sub/b", file("2", 0400)), null)).isTrue();
    assertThat(Files.readSymbolicLink(dir.resolve("a"))).isEqualTo(Path.of("..data/a"));
    assertThat(Files.readSymbolicLink(dir.resolve("sub"))).isEqualTo(Path.of("..data/sub"));
    assertThat(dir.resolve("a")).hasContent("1");
    assertThat(dir.resolve("sub/b")).hasContent("2");
    assertThat(Files.getPosixFilePermissions(dir.resolve("sub/b"))).isEqualTo(VolumeBuilder.permissions(0400));
    Path first = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));
    assertThat(first.getFileName().toString()).matches("\\.\\.\\d{4}_\\d{2}_\\d{2}_\\d{2}_\\d{2}_\\d{2}\\.\\d+");

    assertThat(AtomicWriter.write(dir, Map.of("a", file("1", 0644), "sub/b", file("2", 0400)), null)).isFalse();
    assertThat(AtomicWriter.write(dir, Map.of("a", file("changed", 0644), "c", file("3", 0644)), null)).isTrue();
    assertThat(dir.resolve("a")).hasContent("changed");
    assertThat(dir.resolve("c")).hasContent("3");
    assertThat(first).doesNotExist();
    assertThat(entries()).hasSize(4).contains("..data", "a", "c").noneMatch(n -> n.equals("sub"));
  }

  @Test
  void anEmptyPayloadLeavesNoVisibleFiles() throws Exception {
    AtomicWriter.write(dir, Map.of("a", file("1", 0644)), null);
    AtomicWriter.write(dir, Map.of(), null);
    assertThat(entries()).allMatch(n -> n.startsWith(".."));
  }

  @Test
  void pathsLeavingTheVolumeAreRejected() {
    assertThatThrownBy(() -> AtomicWriter.write(dir, Map.of("../x", file("1", 0644)), null))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> AtomicWriter.write(dir, Map.of("/etc/x", file("1", 0644)), null))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> AtomicWriter.write(dir, Map.of("..data", file("1", 0644)), null))
        .isInstanceOf(IOException.class);
  }
}

package dev.klite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every measure at tiny sizes against klite and the peer, so the harness does not rot. It
 * asserts only that each measure produced a number: speed is never checked in CI, and nothing is
 * written to BENCHMARKS.md.
 */
class BenchmarkSmokeTest {

  @Test
  void everyMeasureProducesAFigureOnBothServers(@TempDir Path work) {
    List<MarkdownReport.Section> sections =
        new BenchmarkRun(Sizes.smoke(), BenchmarkMain.findKliteJar(), work, List.of()).run();

    for (MarkdownReport.Section s : sections) {
      assertThat(s.failure()).as("section %s", s.title()).isEmpty();
    }
    List<Row> rows = sections.stream().flatMap(s -> s.rows().stream()).toList();
    assertThat(rows).extracting(Row::id)
        .contains("1a", "1b", "1c", "2a", "2b", "3a", "3f", "4a", "4b", "4c", "5a", "5c", "5e", "5f", "6a", "7a", "7d");
    for (Row row : rows) {
      assertThat(row.klite().isPresent()).as("klite figure of %s %s", row.id(), row.what()).isTrue();
      // The peer serves no API discovery, so kubectl cannot talk to it (4c); it runs no pods (6, 7).
      boolean peerMeasured = row.id().charAt(0) <= '5' && !row.id().equals("4c");
      if (peerMeasured) {
        assertThat(row.peer().isPresent()).as("peer figure of %s %s (%s)", row.id(), row.what(), row.note()).isTrue();
      }
    }
    String markdown = MarkdownReport.render("start", "end", Sizes.smoke(), sections, "");
    assertThat(markdown).contains("| 3f |").doesNotContain("NaN");
  }
}

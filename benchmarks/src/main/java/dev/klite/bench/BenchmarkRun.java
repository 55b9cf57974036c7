package dev.klite.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every measure against klite (the runnable jar, as a child JVM) and the peer (fabric8's mock
 * server in CRUD mode, also a child JVM), and returns the result sections.
 *
 * <p>Order on the long-lived servers: idle → load the list objects (and, on klite, run the pods to
 * completion) → RSS → lists → writes → watches → pods → Jobs, so the RSS figure sees exactly the
 * list objects and nothing else.
 */
public final class BenchmarkRun {
  private static final Logger log = LoggerFactory.getLogger(BenchmarkRun.class);

  private final Sizes sizes;
  private final Path kliteJar;
  private final Path workDir;
  private final List<String> kliteJvmOptions;
  private Set<String> only = Set.of();

  /** Runs only these sections ({@code start}, {@code list}, {@code writes}, {@code watch}, {@code pods}); all when empty. */
  public BenchmarkRun only(Set<String> sections) {
    this.only = Set.copyOf(sections);
    return this;
  }

  private boolean wanted(String section) {
    return only.isEmpty() || only.contains(section);
  }

  public BenchmarkRun(Sizes sizes, Path kliteJar, Path workDir, List<String> kliteJvmOptions) {
    this.sizes = Objects.requireNonNull(sizes, "sizes");
    this.kliteJar = Objects.requireNonNull(kliteJar, "kliteJar");
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.kliteJvmOptions = List.copyOf(kliteJvmOptions);
  }

  /** Runs all measures; blocks for as long as they take (minutes at full size). */
  public List<MarkdownReport.Section> run() {
    List<MarkdownReport.Section> sections = new ArrayList<>();
    Path kliteData = workDir.resolve("klite-data");
    // The long-lived servers' own starts are the first samples of measures 1a and 2a. One at a time,
    // so they do not compete for the CPUs.
    ServerProcess klite = ServerProcess.klite(kliteJar, kliteData, kliteJvmOptions);
    ServerProcess peer;
    try {
      peer = ServerProcess.peer(workDir);
    } catch (RuntimeException e) {
      klite.close();
      throw e;
    }
    try (klite; peer) {
      log.info("klite pid {} at {}, peer pid {} at {}", klite.pid(), klite.endpoint().base(), peer.pid(), peer.endpoint().base());
      if (wanted("list")) sections.add(section("2, 4. Memory with objects; list latency", () -> {
        ListMeasure.Figures k = ListMeasure.run(klite, sizes, true, workDir);
        ListMeasure.Figures p = ListMeasure.run(peer, sizes, false, workDir);
        return ListMeasure.rows(sizes, k, p);
      }));
      if (wanted("writes")) sections.add(section("3. Durable API writes (ConfigMap creates over HTTPS, HTTP/1.1 keep-alive)", () -> {
        WriteMeasure.Figures k = WriteMeasure.run(klite, sizes, "k");
        WriteMeasure.Figures p = WriteMeasure.run(peer, sizes, "p");
        return WriteMeasure.rows(sizes, k, p);
      }));
      if (wanted("watch")) sections.add(section("5. Watch delivery, and writers beside a stalled watcher", () -> {
        WatchMeasure.Figures k = WatchMeasure.run(klite, sizes, "k");
        WatchMeasure.Figures p = WatchMeasure.run(peer, sizes, "p");
        return WatchMeasure.rows(sizes, k, p);
      }));
      if (wanted("pods")) sections.add(section("6–7. Pods and Jobs (klite only)", () -> PodMeasure.rows(sizes, PodMeasure.run(klite, sizes))));
    }
    String existingNote = wanted("list")
        ? "existing dir = the one the other measures filled (%,d+ ConfigMaps, %,d+ pods%s)"
            .formatted(sizes.listObjects(), sizes.listPods(), wanted("pods") ? ", their Jobs" : "")
        : "existing dir = a stopped server's dir with its bootstrap objects only";
    if (wanted("start")) sections.add(0, section("1–2. Start to ready, and idle memory", () -> new StartMeasure(kliteJar, workDir, kliteJvmOptions)
        .run(sizes.startRuns(), klite, peer, kliteData, existingNote)));
    return sections;
  }

  /**
   * Runs one section. A failure is recorded in the section rather than thrown, so one broken
   * measure (or a jar replaced under a long run) does not lose the others' figures; the smoke test
   * still fails, because the section's rows are missing.
   */
  private static MarkdownReport.Section section(String title, Supplier<List<Row>> measure) {
    String before = MachineInfo.load();
    log.info("measuring: {} (load {})", title, before);
    long t0 = System.nanoTime();
    List<Row> rows;
    String failure = "";
    try {
      rows = measure.get();
    } catch (RuntimeException | LinkageError e) {
      log.error("section failed: {}", title, e);
      rows = List.of();
      failure = e.toString();
    }
    log.info("done: {} in {} s", title, (System.nanoTime() - t0) / 1_000_000_000L);
    for (Row r : rows) log.info("  {} {}: klite {} | peer {}", r.id(), r.what(), r.klite().format(), r.peer().format());
    return new MarkdownReport.Section(title, before, MachineInfo.load(), rows, failure);
  }
}

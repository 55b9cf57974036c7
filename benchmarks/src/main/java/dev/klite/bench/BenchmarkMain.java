package dev.klite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark harness: klite against fabric8's mock API server, side by side.
 *
 * <pre>
 *   BenchmarkMain [--smoke] [--out BENCHMARKS.md] [--klite-jar cli/target/klite.jar]
 *                 [--list-objects N --list-pods N] [--klite-jvm-opt OPT]... [--only start,list,writes,watch,pods]
 * </pre>
 *
 * {@code --smoke} runs every measure at tiny sizes; {@code --out} rewrites that file's
 * end-to-end block (never done with {@code --smoke}); {@code --klite-jvm-opt} passes an option to the
 * klite child JVMs (e.g. {@code -XX:StartFlightRecording=filename=klite.jfr}).
 */
public final class BenchmarkMain {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private BenchmarkMain() {}

  public static void main(String[] args) throws IOException {
    Sizes sizes = Sizes.full();
    Path out = null;
    Path jar = null;
    List<String> jvmOpts = new ArrayList<>();
    String sizeNote = "";
    Integer listObjects = null;
    Integer listPods = null;
    Set<String> only = Set.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> sizes = Sizes.smoke();
        case "--out" -> out = Path.of(args[++i]);
        case "--klite-jar" -> jar = Path.of(args[++i]);
        case "--klite-jvm-opt" -> jvmOpts.add(args[++i]);
        case "--list-objects" -> listObjects = Integer.parseInt(args[++i]);
        case "--list-pods" -> listPods = Integer.parseInt(args[++i]);
        case "--size-note" -> sizeNote = args[++i];
        case "--only" -> only = Set.of(args[++i].split(","));
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " in " + Arrays.toString(args));
      }
    }
    if (listObjects != null || listPods != null) {
      sizes = sizes.withListObjects(listObjects == null ? sizes.listObjects() : listObjects,
          listPods == null ? sizes.listPods() : listPods);
    }
    String started = TIME.format(Instant.now());
    Path work = Files.createTempDirectory("klite-bench");
    List<MarkdownReport.Section> sections;
    try {
      Path kliteJar = jar == null ? findKliteJar() : jar;
      // The launcher's flags first, so that --klite-jvm-opt can override them.
      List<String> flags = new ArrayList<>(LauncherFlags.forJar(kliteJar));
      flags.addAll(jvmOpts);
      System.out.println("klite JVM flags: " + flags);
      sections = new BenchmarkRun(sizes, kliteJar, work, flags).only(only).run();
    } finally {
      deleteTree(work);
    }
    String block = MarkdownReport.render(started, TIME.format(Instant.now()), sizes, sections, sizeNote);
    System.out.println(block);
    if (out != null && !"smoke".equals(sizes.name()) && only.isEmpty()) {
      MarkdownReport.write(out, block);
      System.out.println("wrote " + out);
    }
    // Vert.x and fabric8 leave non-daemon threads behind; the measures are done.
    System.exit(0);
  }

  /** {@code cli/target/klite.jar} from here or the parent directory (the harness runs from the module or the root). */
  public static Path findKliteJar() {
    String prop = System.getProperty("klite.jar");
    if (prop != null) return Path.of(prop);
    for (Path base : List.of(Path.of(""), Path.of(".."))) {
      Path jar = base.resolve("cli/target/klite.jar").toAbsolutePath().normalize();
      if (Files.isRegularFile(jar)) return jar;
    }
    throw new IllegalStateException("cli/target/klite.jar not found; build it: mvn -B -q -o install -DskipTests -pl cli -am");
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dev.klite.bench;

import dev.klite.server.KliteConfig;
import dev.klite.server.KliteServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Measure 1 (cold start to ready) and the idle half of measure 2 (RSS right after start). */
final class StartMeasure {
  private final Path kliteJar;
  private final Path workDir;
  private final List<String> jvmOptions;

  StartMeasure(Path kliteJar, Path workDir, List<String> jvmOptions) {
    this.kliteJar = kliteJar;
    this.workDir = workDir;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * @param runs samples per figure
   * @param kliteFirst the long-lived klite child of the other measures: its start is the first fresh-dir sample
   * @param peerFirst the same for the peer
   * @param existingDir klite's data dir after the other measures (stopped), restarted for 1b
   */
  List<Row> run(int runs, ServerProcess kliteFirst, ServerProcess peerFirst, Path existingDir, String existingNote) {
    List<Double> fresh = new ArrayList<>(List.of(kliteFirst.startMillis()));
    List<Double> kliteRss = new ArrayList<>(List.of(kliteFirst.readyRssMiB()));
    List<Double> existing = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      try (ServerProcess p = ServerProcess.klite(kliteJar, existingDir, jvmOptions)) {
        existing.add(p.startMillis());
      }
    }
    for (int i = 1; i < runs; i++) {
      try (ServerProcess p = ServerProcess.klite(kliteJar, workDir.resolve("start-fresh-" + i), jvmOptions)) {
        fresh.add(p.startMillis());
        kliteRss.add(p.readyRssMiB());
      }
    }
    List<Double> peerChild = new ArrayList<>(List.of(peerFirst.startMillis()));
    List<Double> peerRss = new ArrayList<>(List.of(peerFirst.readyRssMiB()));
    for (int i = 1; i < runs; i++) {
      try (ServerProcess p = ServerProcess.peer(workDir)) {
        peerChild.add(p.startMillis());
        peerRss.add(p.readyRssMiB());
      }
    }
    int inProcessRuns = Math.max(1, runs);
    List<Double> inProcess = inProcessKlite(inProcessRuns);
    List<Double> peerInProcess = inProcessPeer(inProcessRuns);
    Summary peerChildSummary = Summary.of(peerChild, "ms");
    return List.of(
        Row.of("1a", "`klite server` child JVM, fresh data dir: spawn → `/readyz` 200", Summary.of(fresh, "ms"),
            peerChildSummary, "peer: `PeerServerMain` child JVM, spawn → first 200 on a list; quoted anchor: envtest ~7 s"),
        Row.of("1b", "`klite server` child JVM, existing data dir: spawn → `/readyz` 200", Summary.of(existing, "ms"),
            peerChildSummary, existingNote + "; the peer has no data dir (keeps nothing on disk): its figures are 1a's"),
        Row.withTarget("1c", "`KliteServer.start` in a warm JVM (fresh data dir), until it returns (ready)",
            Summary.of(inProcess, "ms"), Summary.of(peerInProcess, "ms"), "< 1.0 s (median)", false, true, 1000,
            "one discarded warm-up start first; peer: `new KubernetesMockServer(...).init()` + first 200"),
        Row.withTarget("2a", "RSS of the server process right after ready (idle)", Summary.of(kliteRss, "MiB"),
            Summary.of(peerRss, "MiB"), "< 200 MB (median)", false, true, 200 / 1.048576,
            "VmRSS of the child JVMs of 1a, with `./klite`'s JVM flags (serial GC, native-heap trimming, class-data archive); quoted anchor: k3s ~1.6 GB"));
  }

  private List<Double> inProcessKlite(int runs) {
    List<Double> ms = new ArrayList<>();
    for (int i = -1; i < runs; i++) {
      KliteConfig config = KliteConfig.defaults(workDir.resolve("inproc-" + (i + 1))).withPort(0)
          .withNodeName("bench-inproc").withBackoffs(Duration.ofSeconds(1), Duration.ofSeconds(1));
      long t0 = System.nanoTime();
      try (KliteServer server = KliteServer.start(config)) {
        double elapsed = (System.nanoTime() - t0) / 1e6;
        if (i >= 0) ms.add(elapsed);
      }
    }
    return ms;
  }

  private static List<Double> inProcessPeer(int runs) {
    List<Double> ms = new ArrayList<>();
    for (int i = -1; i < runs; i++) {
      long t0 = System.nanoTime();
      KubernetesMockServer server = PeerServerMain.startInProcess();
      try {
        Api api = new Api(PeerServerMain.endpoint(PeerServerMain.baseOf(server), null));
        Api.Response r = api.get("/api/v1/namespaces/default/configmaps");
        if (r.status() != 200) throw new IllegalStateException("peer answered " + r.status());
        double elapsed = (System.nanoTime() - t0) / 1e6;
        if (i >= 0) ms.add(elapsed);
      } finally {
        server.destroy();
      }
    }
    return ms;
  }
}

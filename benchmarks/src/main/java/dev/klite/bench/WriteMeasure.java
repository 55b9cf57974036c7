package dev.klite.bench;

import java.util.ArrayList;
import java.util.List;

/** Measure 3: durable ConfigMap creates with 1, 8 and 32 concurrent clients. */
final class WriteMeasure {
  static final String NS = "bench-writes";
  static final int PAYLOAD = 256;
  /** A run starts no create after this long, so a slow server cannot stretch the whole run (the peer slows with size). */
  static final long RUN_MAX_MILLIS = 20_000;

  /** Per client count: throughput of each run, and every request's latency over all runs. */
  record Figures(List<Integer> clients, List<List<Double>> throughput, List<List<Double>> latencies, List<Integer> capped) {}

  static Figures run(ServerProcess server, Sizes sizes, String tag) {
    Api api = new Api(server.endpoint());
    api.createNamespace(NS);
    Load.configMaps(api, NS, tag + "-warmup", 8, Math.max(20, sizes.writesPerRun() / 10), PAYLOAD);
    List<List<Double>> throughput = new ArrayList<>();
    List<List<Double>> latencies = new ArrayList<>();
    List<Integer> capped = new ArrayList<>();
    for (int clients : sizes.writeClients()) {
      int cappedRuns = 0;
      List<Double> tput = new ArrayList<>();
      List<Double> lat = new ArrayList<>();
      for (int run = 0; run < sizes.writeRuns(); run++) {
        Load.Result r = Load.configMaps(api, NS, tag + "-c" + clients + "-r" + run, clients, sizes.writesPerRun(),
            RUN_MAX_MILLIS, PAYLOAD);
        if (r.completed() < sizes.writesPerRun()) cappedRuns++;
        tput.add(r.perSecond());
        lat.addAll(r.latenciesMs());
      }
      throughput.add(tput);
      latencies.add(lat);
      capped.add(cappedRuns);
    }
    return new Figures(sizes.writeClients(), throughput, latencies, capped);
  }

  private static String cappedNote(String who, int runs) {
    return runs == 0 ? "" : "; " + who + ": " + runs + " run(s) hit the " + RUN_MAX_MILLIS / 1000 + " s cap (fewer creates)";
  }

  static List<Row> rows(Sizes sizes, Figures klite, Figures peer) {
    List<Row> rows = new ArrayList<>();
    char letter = 'a';
    for (int i = 0; i < klite.clients().size(); i++) {
      int c = klite.clients().get(i);
      boolean top = c == 32;
      String what = "creates/s, %d client%s (%,d creates × %d runs)".formatted(c, c == 1 ? "" : "s",
          sizes.writesPerRun(), sizes.writeRuns());
      Summary kt = Summary.of(klite.throughput().get(i), "/s");
      Summary pt = Summary.of(peer.throughput().get(i), "/s");
      Summary kl = Summary.of(klite.latencies().get(i), "ms");
      Summary pl = Summary.of(peer.latencies().get(i), "ms");
      String note = "klite fsyncs every commit (group commit); the peer keeps nothing on disk"
          + cappedNote("klite", klite.capped().get(i)) + cappedNote("peer", peer.capped().get(i));
      rows.add(top ? Row.withTarget("3" + letter, what, kt, pt, "≥ 10,000/s", false, false, 10_000, note)
          : Row.of("3" + letter, what, kt, pt, note));
      letter++;
      String latWhat = "  latency per create, %d client%s (median = p50)".formatted(c, c == 1 ? "" : "s");
      rows.add(top ? Row.withTarget("3" + letter, latWhat, kl, pl, "p99 < 20 ms", true, true, 20, "")
          : Row.of("3" + letter, latWhat, kl, pl, ""));
      letter++;
    }
    return rows;
  }
}

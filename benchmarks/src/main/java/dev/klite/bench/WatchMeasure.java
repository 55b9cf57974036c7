package dev.klite.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measure 5: watch delivery latency with 1 and N watchers, and writer throughput while one watcher
 * has stopped reading.
 *
 * <p>Delivery latency is timed from just before the create is sent to the moment each watcher's
 * callback sees the ADDED event: it includes the write's own commit (fsync on klite), so it is an
 * upper bound on commit → client. The create's own round trip is reported beside it. Writes are
 * sequential; the next is sent once every watcher has the previous one.
 */
final class WatchMeasure {
  private static final Logger log = LoggerFactory.getLogger(WatchMeasure.class);
  static final String NS = "bench-watch";
  static final String STALL_NS = "bench-stall";

  record Figures(List<Integer> watchers, List<List<Double>> delivery, List<List<Double>> writeRtt,
      List<Double> baselineTput, List<Double> stalledTput, List<String> stallNotes) {}

  /** A run (with or without the stalled watcher) stops starting creates after this long. */
  static final long STALL_MAX_MILLIS = 20_000;

  private record Pending(long t0, boolean record, CountDownLatch latch) {}

  static Figures run(ServerProcess server, Sizes sizes, String tag) {
    Api api = new Api(server.endpoint());
    api.createNamespace(NS);
    List<List<Double>> delivery = new ArrayList<>();
    List<List<Double>> rtt = new ArrayList<>();
    try (KubernetesClient client = server.endpoint().fabric8Client()) {
      for (int w : sizes.watcherCounts()) {
        List<Double> d = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        long t0 = System.nanoTime();
        deliver(api, client, w, sizes.watchEvents(), tag + "-w" + w, d, r);
        log.info("{}: {} watcher(s) done in {} ms", server.endpoint().name(), w, (System.nanoTime() - t0) / 1_000_000);
        delivery.add(d);
        rtt.add(r);
      }
    }
    // Writer throughput with and without a watcher that never reads.
    api.createNamespace(STALL_NS);
    List<Double> baseline = new ArrayList<>();
    List<Double> stalled = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      baseline.add(Load.configMaps(api, STALL_NS, tag + "-base-" + run, 8, sizes.stallWrites(), STALL_MAX_MILLIS, 1024)
          .perSecond());
    }
    // One watcher stalls for both runs and is reset only after the last: the peer hangs for a
    // while after such a reset, which must not land in a measured run.
    Socket stuck = stalledWatcher(server.endpoint());
    try {
      for (int run = 0; run < 2; run++) {
        try {
          Load.Result r = Load.configMaps(api, STALL_NS, tag + "-stall-" + run, 8, sizes.stallWrites(), STALL_MAX_MILLIS, 1024);
          stalled.add(r.perSecond());
          if (r.completed() < sizes.stallWrites()) notes.add("run " + run + ": " + r.completed() + " creates in the time cap");
        } catch (RuntimeException e) {
          stalled.add(0.0);
          notes.add("run " + run + ": a create failed (" + rootMessage(e) + ")");
        }
      }
    } finally {
      abort(stuck);
    }
    log.info("{}: stalled-watcher runs done", server.endpoint().name());
    return new Figures(sizes.watcherCounts(), delivery, rtt, baseline, stalled, notes);
  }

  private static void deliver(Api api, KubernetesClient client, int watchers, int events, String prefix,
      List<Double> delivery, List<Double> writeRtt) {
    Map<String, Pending> pending = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Double> samples = new ConcurrentLinkedQueue<>();
    Watcher<ConfigMap> watcher = new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap cm) {
        long now = System.nanoTime();
        if (action != Action.ADDED) return;
        Pending p = pending.get(cm.getMetadata().getName());
        if (p == null) return;
        if (p.record()) samples.add((now - p.t0()) / 1e6);
        p.latch().countDown();
      }

      @Override
      public void onClose(WatcherException cause) {
        // The watch ends when the measure closes it; an early close shows up as a missing event.
      }
    };
    List<Watch> watches = new ArrayList<>();
    try {
      for (int i = 0; i < watchers; i++) {
        watches.add(client.configMaps().inNamespace(NS).watch(watcher));
      }
      int warmup = 5;
      for (int i = -warmup; i < events; i++) {
        String name = prefix + "-" + (i + warmup);
        Pending p = new Pending(System.nanoTime(), i >= 0, new CountDownLatch(watchers));
        pending.put(name, p);
        api.create("/api/v1/namespaces/" + NS + "/configmaps", Api.configMap(name, 64));
        if (i >= 0) writeRtt.add((System.nanoTime() - p.t0()) / 1e6);
        // The first events also wait for every watch to be in place (the warm-up).
        if (!p.latch().await(i < 0 ? 60 : 30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("only " + (watchers - p.latch().getCount()) + " of " + watchers
              + " watchers saw " + name);
        }
        pending.remove(name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      watches.forEach(Watch::close);
    }
    delivery.addAll(samples);
  }

  /**
   * A WebSocket watch (the way fabric8 watches; both servers accept it) whose client never reads
   * after the TLS handshake, with a small receive buffer so the server's sends back up quickly.
   */
  private static Socket stalledWatcher(Endpoint endpoint) {
    Socket raw = new Socket();
    try {
      raw.setReceiveBufferSize(4096);
      raw.connect(new InetSocketAddress(endpoint.base().getHost(), endpoint.base().getPort()), 10_000);
      SSLSocket s = (SSLSocket) endpoint.sslContext().getSocketFactory()
          .createSocket(raw, endpoint.base().getHost(), endpoint.base().getPort(), true);
      s.startHandshake();
      send(s, endpoint);
      return raw;
    } catch (IOException e) {
      abort(raw);
      throw new UncheckedIOException("cannot open the stalled watch", e);
    }
  }

  /**
   * Resets the TCP connection without a TLS close_notify: an orderly SSLSocket close can wait for
   * the server, whose sends to this socket are stuck.
   */
  private static void abort(Socket raw) {
    try {
      raw.setSoLinger(true, 0);
      raw.close();
    } catch (IOException e) {
      // Already gone: nothing to release.
    }
  }

  private static void send(SSLSocket s, Endpoint endpoint) throws IOException {
    String auth = endpoint.token().isEmpty() ? "" : "Authorization: Bearer " + endpoint.token() + "\r\n";
    String req = "GET /api/v1/namespaces/" + STALL_NS + "/configmaps?watch=true HTTP/1.1\r\n"
        + "Host: " + endpoint.base().getHost() + ":" + endpoint.base().getPort() + "\r\n"
        + auth
        + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    OutputStream out = s.getOutputStream();
    out.write(req.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String stallNote(String who, Figures f) {
    return f.stallNotes().isEmpty() ? "" : "; " + who + ": " + String.join(", ", f.stallNotes());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  static List<Row> rows(Sizes sizes, Figures klite, Figures peer) {
    List<Row> rows = new ArrayList<>();
    char letter = 'a';
    for (int i = 0; i < klite.watchers().size(); i++) {
      int w = klite.watchers().get(i);
      rows.add(Row.withTarget("5" + letter++, "create sent → ADDED at each of %d watcher%s (%d sequential creates)"
              .formatted(w, w == 1 ? "" : "s", sizes.watchEvents()),
          Summary.of(klite.delivery().get(i), "ms"), Summary.of(peer.delivery().get(i), "ms"), "p99 < 5 ms", true, true, 5,
          "fabric8 watch callbacks; includes the create's commit (upper bound on commit → client)"));
      rows.add(Row.of("5" + letter++, "  the create's own round trip in the same run",
          Summary.of(klite.writeRtt().get(i), "ms"), Summary.of(peer.writeRtt().get(i), "ms"), ""));
    }
    rows.add(Row.of("5" + letter++, "creates/s, 8 clients, 1 KiB ConfigMaps, no watcher (%,d × 2 runs)".formatted(sizes.stallWrites()),
        Summary.of(klite.baselineTput(), "/s"), Summary.of(peer.baselineTput(), "/s"), ""));
    rows.add(Row.of("5" + letter, "  the same while one watcher is stalled (never reads)",
        Summary.of(klite.stalledTput(), "/s"), Summary.of(peer.stalledTput(), "/s"),
        ("compare with the line above: the commit path must not wait on a watcher; both lines start no create after "
            + STALL_MAX_MILLIS / 1000 + " s" + stallNote("klite", klite) + stallNote("peer", peer)).trim()));
    return rows;
  }
}

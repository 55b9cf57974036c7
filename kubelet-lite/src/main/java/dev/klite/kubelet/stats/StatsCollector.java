package dev.klite.kubelet.stats;

import dev.klite.kubelet.runtime.Rfc3339;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples node, pod and container CPU and memory periodically and serves the latest sample as the kubelet Summary API
 * ({@code GET /stats/summary}, {@code staging/src/k8s.io/kubelet/pkg/apis/stats/v1alpha1/types.go}; what
 * metrics-server reads). CPU {@code usageNanoCores} is the cumulative usage's rate between the last two samples, so
 * it is absent from a container's first sample; memory {@code workingSetBytes} is the resident set of the
 * container's processes ({@link ProcFs}); {@code availableBytes} is limit - working set when there is a limit.
 * {@link #sample()} does blocking procfs reads (call it on a timer thread); serving only reads the stored JSON.
 */
public final class StatsCollector {
  private static final Logger log = LoggerFactory.getLogger(StatsCollector.class);

  private record Previous(long cpuNanos, Instant at) {}

  private final String nodeName;
  private final StatsSource source;
  private final Clock clock;
  private final LongFunction<ProcFs.Usage> usage;
  private final Map<String, Previous> previous = new HashMap<>();
  private volatile String summary;

  public StatsCollector(String nodeName, StatsSource source, Clock clock) {
    this(nodeName, source, clock, ProcFs::tree);
  }

  StatsCollector(String nodeName, StatsSource source, Clock clock, LongFunction<ProcFs.Usage> usage) {
    this.nodeName = nodeName;
    this.source = source;
    this.clock = clock;
    this.usage = usage;
    this.summary = new JsonObject().put("node", new JsonObject().put("nodeName", nodeName)
        .put("startTime", Rfc3339.seconds(clock.instant()))).put("pods", new JsonArray()).encode();
  }

  /** Adds {@code GET /stats/summary} (the stored sample, JSON) to the endpoint's router. */
  public void install(Router router) {
    router.get("/stats/summary").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(summary));
  }

  /** The latest Summary as JSON. Non-blocking. */
  public String summaryJson() {
    return summary;
  }

  /** Takes one sample of the node and every running container. Blocking (procfs); one caller at a time. */
  public synchronized void sample() {
    Instant now = clock.instant();
    Set<String> seen = new HashSet<>();
    JsonObject node = new JsonObject().put("nodeName", nodeName);
    try {
      ProcFs.Node n = ProcFs.node();
      node.put("startTime", Rfc3339.seconds(Instant.ofEpochSecond(n.bootEpochSecond())));
      node.put("cpu", cpu("node", n.cpuNanos(), now, seen));
      long workingSet = n.memTotal() - n.memAvailable();
      node.put("memory", new JsonObject().put("time", Rfc3339.seconds(now)).put("availableBytes", n.memAvailable())
          .put("usageBytes", n.memTotal() - n.memFree()).put("workingSetBytes", workingSet));
    } catch (IOException | RuntimeException e) {
      log.debug("cannot read node stats: {}", e.toString());
      node.put("startTime", Rfc3339.seconds(now));
    }
    JsonArray pods = new JsonArray();
    for (StatsSource.Pod pod : source.pods()) {
      JsonArray containers = new JsonArray();
      long podCpu = 0;
      long podRss = 0;
      Long podRate = 0L;
      Instant podStart = pod.startTime();
      for (StatsSource.Container c : pod.containers()) {
        ProcFs.Usage u = usage.apply(c.pid());
        JsonObject cpu = cpu(c.id(), u.cpuNanos(), now, seen);
        Long rate = cpu.getLong("usageNanoCores");
        podRate = podRate == null || rate == null ? null : podRate + rate;
        podCpu += u.cpuNanos();
        podRss += u.rssBytes();
        podStart = podStart == null || c.startedAt().isBefore(podStart) ? c.startedAt() : podStart;
        containers.add(new JsonObject().put("name", c.name()).put("startTime", Rfc3339.seconds(c.startedAt()))
            .put("cpu", cpu).put("memory", memory(u.rssBytes(), c.memoryLimit(), now)));
      }
      JsonObject podCpuJson = new JsonObject().put("time", Rfc3339.seconds(now));
      if (podRate != null) {
        podCpuJson.put("usageNanoCores", podRate);
      }
      podCpuJson.put("usageCoreNanoSeconds", podCpu);
      pods.add(new JsonObject()
          .put("podRef", new JsonObject().put("name", pod.name()).put("namespace", pod.namespace())
              .put("uid", pod.uid()))
          .put("startTime", Rfc3339.seconds(podStart == null ? now : podStart))
          .put("containers", containers).put("cpu", podCpuJson).put("memory", memory(podRss, null, now)));
    }
    previous.keySet().retainAll(seen);
    summary = new JsonObject().put("node", node).put("pods", pods).encode();
  }

  /** CPUStats; the rate needs the previous sample of the same key (node, or a container instance id). */
  private JsonObject cpu(String key, long cumulative, Instant now, Set<String> seen) {
    seen.add(key);
    JsonObject cpu = new JsonObject().put("time", Rfc3339.seconds(now));
    Previous before = previous.put(key, new Previous(cumulative, now));
    if (before != null) {
      long wall = Duration.between(before.at(), now).toNanos();
      long used = cumulative - before.cpuNanos();
      if (wall > 0 && used >= 0) {
        cpu.put("usageNanoCores", (long) (used * 1e9 / wall));
      }
    }
    return cpu.put("usageCoreNanoSeconds", cumulative);
  }

  private static JsonObject memory(long workingSet, Long limit, Instant now) {
    JsonObject m = new JsonObject().put("time", Rfc3339.seconds(now));
    if (limit != null) {
      m.put("availableBytes", Math.max(0, limit - workingSet));
    }
    return m.put("usageBytes", workingSet).put("workingSetBytes", workingSet).put("rssBytes", workingSet);
  }
}

package dev.klite.apiserver.resources.metrics;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one kubelet Summary ({@code GET /stats/summary},
 * staging/src/k8s.io/kubelet/pkg/apis/stats/v1alpha1/types.go) into metrics.k8s.io/v1beta1
 * PodMetrics and NodeMetrics, as metrics-server does (pkg/api/pod.go, pkg/api/node.go,
 * pkg/storage/types.go): CPU is the usage rate in nanocores, memory the working set, the
 * timestamp the earliest CPU sample time of the pod's containers. A pod is left out while any of
 * its containers has no rate yet (the kubelet needs two samples, as metrics-server needs two
 * points), and a node while it has none. Pure: no I/O.
 */
public final class SummaryMetrics {
  private SummaryMetrics() {}

  /**
   * The PodMetrics of {@code pod} from its node's summary, empty when the summary has no complete
   * sample for it.
   *
   * @param window the span the kubelet's rates are computed over (its sampling interval)
   * @param now the object's creationTimestamp, as metrics-server stamps it at read time
   */
  public static Optional<ObjectNode> podMetrics(ObjectNode summary, ObjectNode pod, Duration window, Instant now) {
    String namespace = Fields.string(pod, "metadata.namespace", "");
    String name = Fields.string(pod, "metadata.name", "");
    for (ObjectNode stats : Fields.objects(summary, "pods")) {
      if (name.equals(Fields.string(stats, "podRef.name")) && namespace.equals(Fields.string(stats, "podRef.namespace"))) {
        return fromPodStats(stats, pod, window, now);
      }
    }
    return Optional.empty();
  }

  private static Optional<ObjectNode> fromPodStats(ObjectNode stats, ObjectNode pod, Duration window, Instant now) {
    List<ObjectNode> containers = Fields.objects(stats, "containers");
    if (containers.isEmpty()) return Optional.empty();
    ObjectNode out = metadata("PodMetrics", pod, now);
    ArrayNode items = Json.array();
    String earliest = null;
    Instant earliestAt = null;
    for (ObjectNode c : containers) {
      Long cpu = Fields.integer(c, "cpu.usageNanoCores");
      Long memory = Fields.integer(c, "memory.workingSetBytes");
      String time = Fields.string(c, "cpu.time");
      if (cpu == null || memory == null || time == null) return Optional.empty();
      Instant at = Instant.parse(time);
      if (earliestAt == null || at.isBefore(earliestAt)) {
        earliestAt = at;
        earliest = time;
      }
      ObjectNode item = items.addObject();
      item.put("name", Fields.string(c, "name", ""));
      usage(item.putObject("usage"), cpu, memory);
    }
    out.put("timestamp", earliest);
    out.put("window", goDuration(window));
    out.set("containers", items);
    return Optional.of(out);
  }

  /** The NodeMetrics of {@code node} from its summary, empty while the kubelet has no CPU rate yet. */
  public static Optional<ObjectNode> nodeMetrics(ObjectNode summary, ObjectNode node, Duration window, Instant now) {
    Long cpu = Fields.integer(summary, "node.cpu.usageNanoCores");
    Long memory = Fields.integer(summary, "node.memory.workingSetBytes");
    String time = Fields.string(summary, "node.cpu.time");
    if (cpu == null || memory == null || time == null) return Optional.empty();
    ObjectNode out = metadata("NodeMetrics", node, now);
    out.put("timestamp", time);
    out.put("window", goDuration(window));
    usage(out.putObject("usage"), cpu, memory);
    return Optional.of(out);
  }

  /** apiVersion, kind and the source object's name, namespace and labels (metrics-server copies labels). */
  private static ObjectNode metadata(String kind, ObjectNode source, Instant now) {
    ObjectNode out = Json.object();
    out.put("kind", kind);
    out.put("apiVersion", MetricsV1beta1Resources.GROUP_VERSION);
    ObjectNode meta = out.putObject("metadata");
    meta.put("name", Fields.string(source, "metadata.name", ""));
    String namespace = Fields.string(source, "metadata.namespace", "");
    if (!namespace.isEmpty()) meta.put("namespace", namespace);
    meta.put("creationTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
    Map<String, String> labels = Fields.stringMap(source, "metadata.labels");
    if (!labels.isEmpty()) {
      ObjectNode l = meta.putObject("labels");
      labels.forEach(l::put);
    }
    return out;
  }

  private static void usage(ObjectNode target, long cpuNanos, long memoryBytes) {
    target.put("cpu", UsageQuantities.cpu(Math.max(0, cpuNanos)));
    target.put("memory", UsageQuantities.memory(Math.max(0, memoryBytes)));
  }

  /** metav1.Duration's JSON: Go's time.Duration.String for the whole and fractional seconds we use. */
  static String goDuration(Duration d) {
    if (d.isZero()) return "0s";
    long millis = d.toMillis();
    long minutes = millis / 60_000;
    long restMillis = millis % 60_000;
    String seconds = restMillis % 1000 == 0 ? Long.toString(restMillis / 1000)
        : java.math.BigDecimal.valueOf(restMillis, 3).stripTrailingZeros().toPlainString();
    if (minutes == 0) return seconds + "s";
    long hours = minutes / 60;
    return (hours > 0 ? hours + "h" + (minutes % 60) + "m" : minutes + "m") + seconds + "s";
  }
}

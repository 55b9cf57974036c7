package dev.klite.apiserver.resources.metrics;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Quantities;
import dev.klite.apiserver.table.ColumnDefinition;
import dev.klite.apiserver.table.TableConvertor;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server-side printers of metrics-server (pkg/api/table.go): Name, cpu, memory (each summed
 * over a pod's containers) and Window, so {@code kubectl get podmetrics} prints usable columns.
 */
final class MetricsTable implements TableConvertor {
  private static final List<ColumnDefinition> COLUMNS = List.of(
      ColumnDefinition.name("Name of the resource"),
      new ColumnDefinition("cpu", "string", "quantity", "", 0),
      new ColumnDefinition("memory", "string", "quantity", "", 0),
      new ColumnDefinition("Window", "string", "duration", "", 0));

  private final boolean pods;

  private MetricsTable(boolean pods) {
    this.pods = pods;
  }

  static TableConvertor pods() {
    return new MetricsTable(true);
  }

  static TableConvertor nodes() {
    return new MetricsTable(false);
  }

  @Override
  public List<ColumnDefinition> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(ObjectNode object, Instant now) {
    String cpu;
    String memory;
    if (pods) {
      long cpuNanos = 0;
      long bytes = 0;
      for (ObjectNode c : Fields.objects(object, "containers")) {
        cpuNanos += scaled(Fields.string(c, "usage.cpu", "0"), 9);
        bytes += scaled(Fields.string(c, "usage.memory", "0"), 0);
      }
      cpu = UsageQuantities.cpu(cpuNanos);
      memory = UsageQuantities.memory(bytes);
    } else {
      cpu = Fields.string(object, "usage.cpu", "0");
      memory = Fields.string(object, "usage.memory", "0");
    }
    return List.of(Fields.string(object, "metadata.name", ""), cpu, memory, Fields.string(object, "window", ""));
  }

  /** A quantity times 10^exponent as a whole number (0 when unparsable). */
  private static long scaled(String quantity, int exponent) {
    return Quantities.parse(quantity).map(q -> q.scaleByPowerOfTen(exponent).longValue()).orElse(0L);
  }
}

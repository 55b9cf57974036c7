package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * Printers of the small kinds (printers.go printConfigMap, printSecret, printServiceAccount,
 * printEndpoints, printResourceQuota, printLimitRange, printLease).
 */
public final class SmallTables {
  private SmallTables() {}

  private record Simple(List<ColumnDefinition> columns, BiFunction<ObjectNode, Instant, List<Object>> row)
      implements TableConvertor {
    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
      return row.apply(object, now);
    }
  }

  private static int size(ObjectNode o, String path) {
    ObjectNode m = Fields.object(o, path);
    return m == null ? 0 : m.size();
  }

  public static TableConvertor configMaps() {
    return new Simple(List.of(Cells.nameColumn(), Cells.typed("Data", "string", "Data contains the configuration data.", 0),
        Cells.ageColumn()),
        (o, now) -> List.of(Cells.name(o), (long) (size(o, "data") + size(o, "binaryData")), Cells.age(o, now)));
  }

  public static TableConvertor secrets() {
    return new Simple(List.of(Cells.nameColumn(), ColumnDefinition.string("Type", "The type of the secret"),
        Cells.typed("Data", "string", "The number of entries in the secret's data.", 0), Cells.ageColumn()),
        (o, now) -> List.of(Cells.name(o), Fields.string(o, "type", ""), (long) size(o, "data"), Cells.age(o, now)));
  }

  public static TableConvertor serviceAccounts() {
    return new Simple(List.of(Cells.nameColumn(), Cells.typed("Secrets", "string", "Secrets is a list of the secrets "
        + "in the same namespace that pods running using this ServiceAccount are allowed to use.", 0), Cells.ageColumn()),
        (o, now) -> List.of(Cells.name(o), (long) Fields.objects(o, "secrets").size(), Cells.age(o, now)));
  }

  public static TableConvertor endpoints() {
    return new Simple(List.of(Cells.nameColumn(), ColumnDefinition.string("Endpoints", "The set of all endpoints is "
        + "the union of all subsets."), Cells.ageColumn()),
        (o, now) -> List.of(Cells.name(o), formatEndpoints(o), Cells.age(o, now)));
  }

  /** formatEndpoints: up to three {@code ip:port} pairs, then {@code + N more...}. */
  static String formatEndpoints(ObjectNode ep) {
    List<String> list = new ArrayList<>();
    int count = 0;
    for (ObjectNode subset : Fields.objects(ep, "subsets")) {
      List<ObjectNode> ports = Fields.objects(subset, "ports");
      for (ObjectNode addr : Fields.objects(subset, "addresses")) {
        String ip = Fields.string(addr, "ip", "");
        if (ports.isEmpty()) {
          if (list.size() < 3) list.add(ip);
          count++;
        }
        for (ObjectNode port : ports) {
          if (list.size() < 3) list.add(ip + ":" + Fields.integer(port, "port"));
          count++;
        }
      }
    }
    String s = String.join(",", list);
    if (count > list.size()) s += " + " + (count - list.size()) + " more...";
    return s.isEmpty() ? "<none>" : s;
  }

  public static TableConvertor resourceQuotas() {
    return new Simple(List.of(Cells.nameColumn(), Cells.ageColumn(),
        ColumnDefinition.string("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
        ColumnDefinition.string("Limit", "Limits control the maximum amount of cpu/memory that a container may use "
            + "independent of contention on the node.")),
        (o, now) -> {
          Map<String, String> hard = new TreeMap<>(Fields.stringMap(o, "status.hard"));
          Map<String, String> used = Fields.stringMap(o, "status.used");
          List<String> requests = new ArrayList<>();
          List<String> limits = new ArrayList<>();
          hard.forEach((k, v) -> {
            String cell = k + ": " + used.getOrDefault(k, "0") + "/" + v;
            if (k.startsWith("limits.")) limits.add(cell);
            else requests.add(cell);
          });
          return List.of(Cells.name(o), Cells.age(o, now), String.join(", ", requests), String.join(", ", limits));
        });
  }

  public static TableConvertor limitRanges() {
    return new Simple(List.of(Cells.nameColumn(), Cells.typed("Created At", "date", Cells.AGE, 0)),
        (o, now) -> List.of(Cells.name(o), DefaultTable.createdAt(o)));
  }

  public static TableConvertor leases() {
    return new Simple(List.of(Cells.nameColumn(),
        ColumnDefinition.string("Holder", "The holder of the lease."), Cells.ageColumn()),
        (o, now) -> List.of(Cells.name(o), Fields.string(o, "spec.holderIdentity", ""), Cells.age(o, now)));
  }
}

package dev.klite.apiserver.table;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's table for kinds without a printer: Name and Created At (an RFC 3339 UTC date), as
 * staging/src/k8s.io/apiserver/pkg/registry/rest/table.go defaultTableConvertor renders it.
 */
public final class DefaultTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(), Cells.typed("Created At", "date", Cells.AGE, 0));
  }

  @Override
  public List<Object> cells(ObjectNode object, Instant now) {
    return List.of(Cells.name(object), createdAt(object));
  }

  /** RFC 3339 in UTC at second precision; Go's zero time when absent. */
  static String createdAt(ObjectNode object) {
    Instant t = Cells.time(object, "metadata.creationTimestamp");
    if (t == null) return "0001-01-01T00:00:00Z";
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}

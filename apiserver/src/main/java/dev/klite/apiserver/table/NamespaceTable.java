package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get namespaces} (printers.go printNamespace). */
public final class NamespaceTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(), ColumnDefinition.string("Status", "The status of the namespace"),
        Cells.ageColumn());
  }

  @Override
  public List<Object> cells(ObjectNode ns, Instant now) {
    return List.of(Cells.name(ns), Fields.string(ns, "status.phase", ""), Cells.age(ns, now));
  }
}

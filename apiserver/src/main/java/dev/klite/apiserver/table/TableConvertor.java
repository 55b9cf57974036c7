package dev.klite.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The server-side printer of one resource: its columns, and one row of cells per object. */
public interface TableConvertor {
  List<ColumnDefinition> columns();

  /**
   * The cells of one row, in column order: Strings, Integers/Longs or Booleans.
   *
   * @param now the time against which ages and durations are rendered
   */
  List<Object> cells(ObjectNode object, Instant now);

  /**
   * The row's {@code conditions} (TableRowCondition objects), e.g. {@code Completed} for
   * finished pods; empty for most kinds.
   */
  default List<ObjectNode> rowConditions(ObjectNode object) {
    return List.of();
  }
}

package dev.klite.apiserver.resources.events;

import dev.klite.apiserver.table.ColumnDefinition;
import dev.klite.apiserver.table.EventTable;
import dev.klite.apiserver.table.TableConvertor;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl get events.events.k8s.io}: upstream prints both Event APIs with the one printer of
 * the internal (core) type (pkg/printers/internalversion/printers.go printEvent), so the cells are
 * those of the core Event.
 */
final class EventsV1Table implements TableConvertor {
  private final EventTable core = new EventTable();

  @Override
  public List<ColumnDefinition> columns() {
    return core.columns();
  }

  @Override
  public List<Object> cells(ObjectNode event, Instant now) {
    return core.cells(EventConversion.toCore(event), now);
  }
}

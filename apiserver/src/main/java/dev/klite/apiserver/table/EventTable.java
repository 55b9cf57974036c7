package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get events} (printers.go printEvent; the server always prints the wide cells). */
public final class EventTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(
        ColumnDefinition.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        ColumnDefinition.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        ColumnDefinition.string("Reason", "This should be a short, machine understandable string that gives the reason "
            + "for the transition into the object's current status."),
        ColumnDefinition.string("Object", "The object that this event is about."),
        ColumnDefinition.wide("Subobject", "If referring to a piece of an object instead of an entire object, this "
            + "string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
        ColumnDefinition.wide("Source", "The component reporting this event. Should be a short machine understandable string."),
        ColumnDefinition.string("Message", "A human-readable description of the status of this operation."),
        ColumnDefinition.wide("First Seen", "The time at which the event was first recorded. (Time of server receipt is "
            + "in TypeMeta.)"),
        ColumnDefinition.wide("Count", "The number of times this event has occurred."),
        new ColumnDefinition("Name", "string", "name", Cells.ORIGIN_NAME, 1));
  }

  @Override
  public List<Object> cells(ObjectNode ev, Instant now) {
    Instant first = Cells.time(ev, "firstTimestamp");
    String firstSeen = first != null ? Cells.since(first, now) : Cells.since(Cells.time(ev, "eventTime"), now);
    Instant last = Cells.time(ev, "lastTimestamp");
    String lastSeen = last != null ? Cells.since(last, now) : firstSeen;
    long count = orZero(Fields.integer(ev, "count"));
    if (Fields.has(ev, "series")) {
      lastSeen = Cells.since(Cells.time(ev, "series.lastObservedTime"), now);
      count = orZero(Fields.integer(ev, "series.count"));
    } else if (count == 0) {
      count = 1;
    }
    String kind = Fields.string(ev, "involvedObject.kind", "").toLowerCase(Locale.ROOT);
    String name = Fields.string(ev, "involvedObject.name", "");
    String target = name.isEmpty() ? kind : kind + "/" + name;
    return List.of(lastSeen, Fields.string(ev, "type", ""), Fields.string(ev, "reason", ""), target,
        Fields.string(ev, "involvedObject.fieldPath", ""), source(ev),
        Fields.string(ev, "message", "").strip(), firstSeen, count, Cells.name(ev));
  }

  /** formatEventSource: component (or reportingController), then {@code ", " + host} (or reportingInstance). */
  static String source(ObjectNode ev) {
    String component = firstNonEmpty(Fields.string(ev, "source.component"), Fields.string(ev, "reportingComponent"));
    String host = firstNonEmpty(Fields.string(ev, "source.host"), Fields.string(ev, "reportingInstance"));
    return host.isEmpty() ? component : component + ", " + host;
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isEmpty()) return a;
    return b == null ? "" : b;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }
}

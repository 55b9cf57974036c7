package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Cell helpers shared by the printers (pkg/printers/internalversion/printers.go helpers). */
final class Cells {
  private Cells() {}

  static final String ORIGIN_NAME = "Name must be unique within a namespace. Is required when creating resources, "
      + "although some resources may allow a client to request the generation of an appropriate name automatically. "
      + "Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. "
      + "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  static final String AGE = "CreationTimestamp is a timestamp representing the server time when this object was "
      + "created. It is not guaranteed to be set in happens-before order across separate operations. Clients may "
      + "not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
      + "Read-only. Null for lists. More info: "
      + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  static ColumnDefinition nameColumn() {
    return ColumnDefinition.name(ORIGIN_NAME);
  }

  static ColumnDefinition ageColumn() {
    return ColumnDefinition.string("Age", AGE);
  }

  static ColumnDefinition typed(String name, String type, String description, int priority) {
    return new ColumnDefinition(name, type, "", description, priority);
  }

  /** A timestamp field, or null when absent or unparsable. */
  static Instant time(JsonNode object, String path) {
    String s = Fields.string(object, path);
    if (s == null || s.isEmpty()) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** translateTimestampSince: {@code <unknown>} for a zero time, else HumanDuration(now - t). */
  static String since(Instant t, Instant now) {
    if (t == null) return "<unknown>";
    return HumanDuration.human(Duration.between(t, now));
  }

  static String age(ObjectNode object, Instant now) {
    return since(time(object, "metadata.creationTimestamp"), now);
  }

  static String name(ObjectNode object) {
    return Fields.string(object, "metadata.name", "");
  }

  static String orNone(String s) {
    return s == null || s.isEmpty() ? "<none>" : s;
  }

  /** layoutContainerCells: names and images joined by commas. */
  static String[] containers(JsonNode podSpec) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (ObjectNode c : Fields.objects(podSpec, "containers")) {
      names.add(Fields.string(c, "name", ""));
      images.add(Fields.string(c, "image", ""));
    }
    return new String[] {String.join(",", names), String.join(",", images)};
  }

  /** labels.FormatLabels: sorted {@code k=v} pairs, {@code <none>} when empty. */
  static String formatLabels(Map<String, String> labels) {
    if (labels.isEmpty()) return "<none>";
    List<String> parts = new ArrayList<>();
    new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  /** Whether an object has a condition of the type with status True. */
  static boolean conditionTrue(JsonNode object, String type) {
    for (ObjectNode c : Fields.objects(object, "status.conditions")) {
      if (type.equals(Fields.string(c, "type")) && "True".equals(Fields.string(c, "status"))) return true;
    }
    return false;
  }
}

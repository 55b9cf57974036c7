package dev.klite.apiserver.fieldmanager;

import dev.klite.apiserver.object.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code metadata.managedFields} entries of an object (metav1.ManagedFieldsEntry) and their
 * wire order (managedfields/internal/managedfields.go sortEncodedManagedFields: Apply before
 * Update, then by time, manager, apiVersion, subresource).
 */
final class ManagedFields {
  private ManagedFields() {}

  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** One entry; {@code time} is RFC 3339 or empty. */
  record Entry(String manager, String operation, String apiVersion, String time, String subresource,
      FieldSet fields) {
    Entry {
      Objects.requireNonNull(fields);
    }

    /**
     * Whether two entries belong to the same manager identity (BuildManagerIdentifier): same
     * manager, operation and subresource, and for updaters the same apiVersion.
     */
    boolean sameIdentity(String manager, String operation, String apiVersion, String subresource) {
      return this.manager.equals(manager) && this.operation.equals(operation)
          && this.subresource.equals(subresource)
          && (operation.equals(APPLY) || this.apiVersion.equals(apiVersion));
    }

    Entry withFields(FieldSet f) {
      return new Entry(manager, operation, apiVersion, time, subresource, f);
    }

    /** How conflict messages name the manager (internal/conflict.go printManager). */
    String printed() {
      String s = '"' + manager + '"';
      if (!subresource.isEmpty()) s += " with subresource \"" + subresource + '"';
      return operation.equals(UPDATE) ? s + " using " + apiVersion : s;
    }
  }

  static List<Entry> decode(JsonNode managedFields) {
    List<Entry> out = new ArrayList<>();
    if (managedFields == null || !managedFields.isArray()) return out;
    for (JsonNode e : managedFields) {
      out.add(new Entry(e.path("manager").asString(""), e.path("operation").asString(""),
          e.path("apiVersion").asString(""), e.path("time").asString(""), e.path("subresource").asString(""),
          FieldSet.fromFieldsV1(e.get("fieldsV1"))));
    }
    return out;
  }

  /** The entries in upstream's order, without empty ones; null when none remain. */
  static ArrayNode encode(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.removeIf(e -> e.fields().isEmpty());
    if (sorted.isEmpty()) return null;
    sorted.sort(Comparator.comparing(Entry::operation).thenComparing(Entry::time).thenComparing(Entry::manager)
        .thenComparing(Entry::apiVersion).thenComparing(Entry::subresource));
    ArrayNode out = Json.array();
    for (Entry e : sorted) {
      ObjectNode n = out.addObject();
      n.put("manager", e.manager());
      n.put("operation", e.operation());
      n.put("apiVersion", e.apiVersion());
      if (!e.time().isEmpty()) n.put("time", e.time());
      n.put("fieldsType", "FieldsV1");
      n.set("fieldsV1", e.fields().toFieldsV1());
      if (!e.subresource().isEmpty()) n.put("subresource", e.subresource());
    }
    return out;
  }
}

package dev.klite.apiserver.object;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A typed view of {@code metadata} of one object tree: the only place that reads or writes
 * metadata fields by name (design.md "API server": no raw {@code get("metadata")} chains
 * elsewhere). The view edits the wrapped tree in place.
 */
public final class ObjectMeta {
  private final ObjectNode object;

  private ObjectMeta(ObjectNode object) {
    this.object = object;
  }

  /** A view on {@code object.metadata}, creating an empty {@code metadata} when absent. */
  public static ObjectMeta of(ObjectNode object) {
    Fields.ensureObject(object, "metadata");
    return new ObjectMeta(object);
  }

  /** RFC 3339 with second precision in UTC, as metav1.Time marshals. */
  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  public ObjectNode node() {
    return (ObjectNode) object.get("metadata");
  }

  public String name() {
    return str("name");
  }

  public void setName(String name) {
    node().put("name", name);
  }

  public String generateName() {
    return str("generateName");
  }

  public String namespace() {
    return str("namespace");
  }

  public void setNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      node().remove("namespace");
    } else {
      node().put("namespace", namespace);
    }
  }

  public String uid() {
    return str("uid");
  }

  public void setUid(String uid) {
    node().put("uid", uid);
  }

  public String resourceVersion() {
    return str("resourceVersion");
  }

  public void setResourceVersion(long revision) {
    node().put("resourceVersion", Long.toString(revision));
  }

  public void clearResourceVersion() {
    node().remove("resourceVersion");
  }

  public String creationTimestamp() {
    return str("creationTimestamp");
  }

  public void setCreationTimestamp(String ts) {
    node().put("creationTimestamp", ts);
  }

  /** {@code metadata.generation}, or 0 when absent. */
  public long generation() {
    JsonNode n = node().get("generation");
    return n != null && n.isIntegralNumber() ? n.longValue() : 0;
  }

  public void setGeneration(long generation) {
    node().put("generation", generation);
  }

  public String deletionTimestamp() {
    return str("deletionTimestamp");
  }

  public boolean isBeingDeleted() {
    return !deletionTimestamp().isEmpty();
  }

  public void setDeletionTimestamp(String ts) {
    node().put("deletionTimestamp", ts);
  }

  /** {@code metadata.deletionGracePeriodSeconds}, or null when absent. */
  public Long deletionGracePeriodSeconds() {
    JsonNode n = node().get("deletionGracePeriodSeconds");
    return n != null && n.isIntegralNumber() ? n.longValue() : null;
  }

  public void setDeletionGracePeriodSeconds(long seconds) {
    node().put("deletionGracePeriodSeconds", seconds);
  }

  /** Copies a metadata field from another object, removing it here when absent there. */
  public void copyFrom(ObjectMeta other, String field) {
    JsonNode n = other.node().get(field);
    if (n == null || n.isNull()) {
      node().remove(field);
    } else {
      node().set(field, n.deepCopy());
    }
  }

  public Map<String, String> labels() {
    return Fields.stringMap(object, "metadata.labels");
  }

  public void putLabel(String key, String value) {
    Fields.ensureObject(object, "metadata.labels").put(key, value);
  }

  public List<String> finalizers() {
    return Fields.strings(object, "metadata.finalizers");
  }

  public void setFinalizers(List<String> finalizers) {
    if (finalizers.isEmpty()) {
      node().remove("finalizers");
      return;
    }
    ArrayNode arr = node().putArray("finalizers");
    finalizers.forEach(arr::add);
  }

  /** Adds a finalizer when missing; answers whether it changed anything. */
  public boolean addFinalizer(String finalizer) {
    List<String> list = new ArrayList<>(finalizers());
    if (list.contains(finalizer)) return false;
    list.add(finalizer);
    setFinalizers(list);
    return true;
  }

  /** Removes a finalizer when present; answers whether it changed anything. */
  public boolean removeFinalizer(String finalizer) {
    List<String> list = new ArrayList<>(finalizers());
    if (!list.remove(finalizer)) return false;
    setFinalizers(list);
    return true;
  }

  /** {@code metadata.managedFields} as stored, or null when absent. */
  public JsonNode managedFields() {
    JsonNode n = node().get("managedFields");
    return n == null || n.isNull() ? null : n;
  }

  /** Sets {@code metadata.managedFields}; null removes it. */
  public void setManagedFields(ArrayNode entries) {
    if (entries == null) node().remove("managedFields");
    else node().set("managedFields", entries);
  }

  /** The fields that {@code PartialObjectMetadata} carries: all of metadata. */
  public ObjectNode copy() {
    return node().deepCopy();
  }

  private String str(String field) {
    JsonNode n = node().get(field);
    return n != null && n.isString() ? n.stringValue() : "";
  }
}

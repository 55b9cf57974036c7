package dev.klite.apiserver.table;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a {@code meta.k8s.io/v1} Table from objects with the resource's {@link TableConvertor}
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable and
 * pkg/printers/tablegenerator.go). Always renders the wide cells; kubectl hides priority-1
 * columns itself.
 */
public final class TableRenderer {
  private TableRenderer() {}

  /**
   * @param resourceVersion the list's (or single object's) resourceVersion, or null
   * @param continueToken the list's continue token, or null
   * @param includeObject {@code None}, {@code Metadata} (also for null/empty) or {@code Object};
   *     anything else is a 400 as upstream
   * @param now the time against which ages are rendered
   * @param withColumnDefinitions false for watch events after the first (and {@code noHeaders})
   * @throws ApiException 400 for an unknown includeObject
   */
  public static ObjectNode render(ResourceDefinition def, List<ObjectNode> objects, String resourceVersion,
      String continueToken, String includeObject, Instant now, boolean withColumnDefinitions) {
    Objects.requireNonNull(def);
    Objects.requireNonNull(objects);
    Objects.requireNonNull(now);
    String include = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
    if (!include.equals("None") && !include.equals("Metadata") && !include.equals("Object")) {
      throw ApiException.badRequest("unrecognized includeObject value: \"" + includeObject + "\"");
    }
    TableConvertor convertor = def.table();
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) meta.put("resourceVersion", resourceVersion);
    if (continueToken != null && !continueToken.isEmpty()) meta.put("continue", continueToken);
    if (withColumnDefinitions) {
      ArrayNode columns = table.putArray("columnDefinitions");
      for (ColumnDefinition c : convertor.columns()) {
        ObjectNode col = columns.addObject();
        col.put("name", c.name());
        col.put("type", c.type());
        col.put("format", c.format());
        col.put("description", c.description());
        col.put("priority", c.priority());
      }
    } else {
      table.putArray("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Object cell : convertor.cells(object, now)) cells.add(cellNode(cell));
      List<ObjectNode> conditions = convertor.rowConditions(object);
      if (!conditions.isEmpty()) {
        ArrayNode arr = row.putArray("conditions");
        conditions.forEach(arr::add);
      }
      switch (include) {
        case "Object" -> row.set("object", object);
        case "Metadata" -> row.set("object", partialMetadata(object));
        default -> row.putNull("object");
      }
    }
    return table;
  }

  /** {@code PartialObjectMetadata} with the object's full metadata. */
  static ObjectNode partialMetadata(ObjectNode object) {
    ObjectNode partial = Json.object();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    JsonNode meta = object.get("metadata");
    partial.set("metadata", meta == null || !meta.isObject() ? Json.object() : meta.deepCopy());
    return partial;
  }

  private static JsonNode cellNode(Object cell) {
    if (cell == null) return JsonNodeFactory.instance.nullNode();
    if (cell instanceof String s) return JsonNodeFactory.instance.stringNode(s);
    if (cell instanceof Integer i) return JsonNodeFactory.instance.numberNode(i);
    if (cell instanceof Long l) return JsonNodeFactory.instance.numberNode(l);
    if (cell instanceof Boolean b) return JsonNodeFactory.instance.booleanNode(b);
    return JsonNodeFactory.instance.stringNode(String.valueOf(cell));
  }
}

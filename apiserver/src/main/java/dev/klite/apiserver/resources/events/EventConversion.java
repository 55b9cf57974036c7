package dev.klite.apiserver.resources.events;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.StorageCodec;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events are stored as core/v1 Events under {@code /registry/events/}, as upstream
 * serves both from one registry. The field renames are those of pkg/apis/events/v1/conversion.go;
 * every other field (metadata, eventTime, series, action, reason, type, related,
 * reportingInstance) has the same name in both versions.
 */
public final class EventConversion implements StorageCodec {
  /** events.k8s.io/v1 name -> core/v1 name. */
  static final Map<String, String> TO_CORE = Map.of(
      "regarding", "involvedObject",
      "note", "message",
      "reportingController", "reportingComponent",
      "deprecatedSource", "source",
      "deprecatedFirstTimestamp", "firstTimestamp",
      "deprecatedLastTimestamp", "lastTimestamp",
      "deprecatedCount", "count");

  private static final Map<String, String> TO_EVENTS = invert(TO_CORE);

  @Override
  public String keyPrefix() {
    return "/registry/events/";
  }

  @Override
  public ObjectNode fromStorage(ObjectNode stored) {
    return toEventsV1(stored);
  }

  @Override
  public ObjectNode toStorage(ObjectNode served) {
    return toCore(served);
  }

  /** A core/v1 Event in the events.k8s.io/v1 shape. */
  public static ObjectNode toEventsV1(ObjectNode core) {
    return rename(core, TO_EVENTS, "events.k8s.io/v1");
  }

  /** An events.k8s.io/v1 Event in the core/v1 shape (a new tree). */
  public static ObjectNode toCore(ObjectNode event) {
    return rename(event, TO_CORE, "v1");
  }

  private static ObjectNode rename(ObjectNode in, Map<String, String> names, String apiVersion) {
    ObjectNode out = Json.object();
    out.put("apiVersion", apiVersion);
    out.put("kind", "Event");
    for (Map.Entry<String, JsonNode> e : in.properties()) {
      String name = e.getKey();
      if (name.equals("apiVersion") || name.equals("kind")) continue;
      out.set(names.getOrDefault(name, name), e.getValue().deepCopy());
    }
    return out;
  }

  private static Map<String, String> invert(Map<String, String> map) {
    Map<String, String> out = new java.util.HashMap<>();
    map.forEach((k, v) -> out.put(v, k));
    return Map.copyOf(out);
  }
}

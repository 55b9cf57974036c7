package dev.klite.apiserver.resources;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Test helpers: JSON text to trees, causes to {@code field: message} lines. */
public final class Objects {
  private Objects() {}

  public static ObjectNode json(String text) {
    return (ObjectNode) Json.MAPPER.readTree(text.replace('\'', '"'));
  }

  public static JsonNode node(String text) {
    return Json.MAPPER.readTree(text.replace('\'', '"'));
  }

  public static List<String> lines(List<StatusCause> causes) {
    return causes.stream().map(StatusCause::describe).toList();
  }
}

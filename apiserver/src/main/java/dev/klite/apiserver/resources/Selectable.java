package dev.klite.apiserver.resources;

import dev.klite.apiserver.object.Fields;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/** Readers for field-selector values, rendered as upstream's SelectableFields render them. */
public final class Selectable {
  private Selectable() {}

  /** A string field, {@code ""} when absent. */
  public static Function<ObjectNode, String> string(String path) {
    return o -> Fields.string(o, path, "");
  }

  /** A boolean field as Go's {@code strconv.FormatBool}: {@code "false"} when absent. */
  public static Function<ObjectNode, String> bool(String path) {
    return o -> String.valueOf(Fields.isTrue(o, path));
  }

  /** An integer field as {@code strconv.Itoa}: {@code "0"} when absent. */
  public static Function<ObjectNode, String> integer(String path) {
    return o -> {
      Long v = Fields.integer(o, path);
      return String.valueOf(v == null ? 0 : v);
    };
  }
}

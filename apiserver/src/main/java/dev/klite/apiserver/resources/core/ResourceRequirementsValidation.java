package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.Quantities;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Container {@code resources} (pkg/apis/core/validation/validation.go ValidateResourceRequirements):
 * malformed quantities fail decoding (400, as the JSON decoder rejects them upstream); negative
 * values and requests above limits are field errors.
 */
public final class ResourceRequirementsValidation {
  private ResourceRequirementsValidation() {}

  /** Throws the decoder's 400 for a malformed quantity anywhere in a container's resources. */
  public static void checkDecodable(ObjectNode podSpec, String kind) {
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      for (ObjectNode c : Fields.objects(podSpec, list)) {
        for (String section : List.of("limits", "requests")) {
          ObjectNode values = Fields.object(c, "resources." + section);
          if (values == null) continue;
          for (Map.Entry<String, JsonNode> e : values.properties()) {
            JsonNode v = e.getValue();
            boolean ok = v.isNumber() || (v.isString() && Quantities.parse(v.asString()).isPresent());
            if (!ok) {
              throw ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind + ": "
                  + Quantities.FORMAT_ERROR);
            }
          }
        }
      }
    }
  }

  static void validate(ObjectNode container, String path, List<StatusCause> causes) {
    Map<String, String> limits = Fields.stringMap(container, "resources.limits");
    Map<String, String> requests = Fields.stringMap(container, "resources.requests");
    for (Map.Entry<String, String> e : limits.entrySet()) {
      nonNegative(path + ".resources.limits[" + e.getKey() + "]", e.getValue(), causes);
    }
    for (Map.Entry<String, String> e : requests.entrySet()) {
      String p = path + ".resources.requests[" + e.getKey() + "]";
      nonNegative(p, e.getValue(), causes);
      String limit = limits.get(e.getKey());
      BigDecimal req = Quantities.parse(e.getValue()).orElse(null);
      BigDecimal lim = limit == null ? null : Quantities.parse(limit).orElse(null);
      if (req != null && lim != null && req.compareTo(lim) > 0) {
        causes.add(Causes.invalid(p, e.getValue(), "must be less than or equal to " + e.getKey() + " limit of " + limit));
      }
    }
  }

  private static void nonNegative(String path, String value, List<StatusCause> causes) {
    Quantities.parse(value).filter(v -> v.signum() < 0)
        .ifPresent(v -> causes.add(Causes.invalid(path, value, "must be greater than or equal to 0")));
  }
}

package dev.klite.apiserver.resources.common;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code metav1.LabelSelector} read from JSON: matching against a label set, validation
 * (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabelSelector) and the
 * string form printers use (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go
 * FormatLabelSelector).
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

  /** Whether {@code selector} (may be null = matches nothing) selects {@code labels}. */
  public static boolean matches(ObjectNode selector, Map<String, String> labels) {
    if (selector == null) return false;
    for (Map.Entry<String, String> e : Fields.stringMap(selector, "matchLabels").entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) return false;
    }
    for (ObjectNode req : Fields.objects(selector, "matchExpressions")) {
      String key = Fields.string(req, "key", "");
      List<String> values = Fields.strings(req, "values");
      String op = Fields.string(req, "operator", "");
      boolean has = labels.containsKey(key);
      boolean ok = switch (op) {
        case "In" -> has && values.contains(labels.get(key));
        case "NotIn" -> !has || !values.contains(labels.get(key));
        case "Exists" -> has;
        case "DoesNotExist" -> !has;
        default -> false;
      };
      if (!ok) return false;
    }
    return true;
  }

  /** Whether the selector has no requirements (it would select everything). */
  public static boolean isEmpty(ObjectNode selector) {
    return selector != null && Fields.stringMap(selector, "matchLabels").isEmpty()
        && Fields.objects(selector, "matchExpressions").isEmpty();
  }

  public static List<StatusCause> validate(ObjectNode selector, String path) {
    List<StatusCause> causes = new ArrayList<>(MetadataValidation.labels(selector, "matchLabels").stream()
        .map(c -> new StatusCause(c.reason(), c.message(), path + "." + c.field())).toList());
    int i = 0;
    for (ObjectNode req : Fields.objects(selector, "matchExpressions")) {
      String p = path + ".matchExpressions[" + i++ + "]";
      String op = Fields.string(req, "operator", "");
      int n = Fields.strings(req, "values").size();
      if ((op.equals("In") || op.equals("NotIn")) && n == 0) {
        causes.add(Causes.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
      } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && n > 0) {
        causes.add(Causes.forbidden(p + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      } else if (!OPERATORS.contains(op)) {
        causes.add(Causes.invalid(p + ".operator", op, "not a valid selector operator"));
      }
      String key = Fields.string(req, "key", "");
      for (String msg : NameRules.qualifiedName(key)) causes.add(Causes.invalid(p + ".key", key, msg));
    }
    return causes;
  }

  /** {@code a=b,c in (d,e)}; {@code <none>} for null, {@code <none>} also for an empty selector. */
  public static String format(JsonNode selector) {
    if (selector == null || !selector.isObject()) return "<none>";
    List<String> parts = new ArrayList<>();
    new TreeMap<>(Fields.stringMap(selector, "matchLabels")).forEach((k, v) -> parts.add(k + "=" + v));
    for (ObjectNode req : Fields.objects(selector, "matchExpressions")) {
      String key = Fields.string(req, "key", "");
      List<String> values = new ArrayList<>(Fields.strings(req, "values"));
      java.util.Collections.sort(values);
      switch (Fields.string(req, "operator", "")) {
        case "In" -> parts.add(key + " in (" + String.join(",", values) + ")");
        case "NotIn" -> parts.add(key + " notin (" + String.join(",", values) + ")");
        case "Exists" -> parts.add(key);
        case "DoesNotExist" -> parts.add("!" + key);
        default -> parts.add(key);
      }
    }
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }
}

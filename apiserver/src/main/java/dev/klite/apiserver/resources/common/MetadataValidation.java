package dev.klite.apiserver.resources.common;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * ObjectMeta validation shared by every kind, as
 * staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go: name (by the kind's name
 * rule), namespace presence by scope, label keys/values and annotation keys/total size.
 */
public final class MetadataValidation {
  private MetadataValidation() {}

  /** Upstream's total annotation size limit (TotalAnnotationSizeLimitB). */
  public static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

  /** The name rule of most kinds. */
  public static final Function<String, List<String>> SUBDOMAIN = NameRules::dns1123Subdomain;
  /** The name rule of namespaces (ValidateNamespaceName). */
  public static final Function<String, List<String>> LABEL = NameRules::dns1123Label;
  /** The name rule of services (ValidateServiceName). */
  public static final Function<String, List<String>> DNS1035 = NameRules::dns1035Label;

  /** Validates {@code metadata} of a new or updated object. */
  public static List<StatusCause> validate(ObjectNode object, boolean namespaced,
      Function<String, List<String>> nameRule) {
    List<StatusCause> causes = new ArrayList<>();
    String name = Fields.string(object, "metadata.name", "");
    String generateName = Fields.string(object, "metadata.generateName", "");
    if (name.isEmpty()) {
      if (generateName.isEmpty()) {
        causes.add(Causes.required("metadata.name", "name or generateName is required"));
      }
    } else {
      for (String msg : nameRule.apply(name)) causes.add(Causes.invalid("metadata.name", name, msg));
    }
    String namespace = Fields.string(object, "metadata.namespace", "");
    if (namespaced) {
      if (namespace.isEmpty()) {
        causes.add(Causes.required("metadata.namespace", ""));
      } else {
        for (String msg : NameRules.dns1123Label(namespace)) {
          causes.add(Causes.invalid("metadata.namespace", namespace, msg));
        }
      }
    } else if (!namespace.isEmpty()) {
      causes.add(Causes.forbidden("metadata.namespace", "not allowed on this type"));
    }
    causes.addAll(labels(object, "metadata.labels"));
    causes.addAll(annotations(object, "metadata.annotations"));
    return causes;
  }

  /** ValidateLabels: keys are qualified names, values label values; errors on the map's path. */
  public static List<StatusCause> labels(ObjectNode object, String path) {
    List<StatusCause> causes = new ArrayList<>();
    for (Map.Entry<String, String> e : Fields.stringMap(object, path).entrySet()) {
      for (String msg : NameRules.qualifiedName(e.getKey())) causes.add(Causes.invalid(path, e.getKey(), msg));
      for (String msg : NameRules.labelValue(e.getValue())) causes.add(Causes.invalid(path, e.getValue(), msg));
    }
    return causes;
  }

  /** ValidateAnnotations: keys are (lower-cased) qualified names; total size at most 256 KiB. */
  public static List<StatusCause> annotations(ObjectNode object, String path) {
    List<StatusCause> causes = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> e : Fields.stringMap(object, path).entrySet()) {
      for (String msg : NameRules.qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
        causes.add(Causes.invalid(path, e.getKey(), msg));
      }
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > ANNOTATIONS_MAX_BYTES) causes.add(Causes.tooLongBytes(path, ANNOTATIONS_MAX_BYTES));
    return causes;
  }

  /** A non-negative number check: {@code Invalid value: -1: must be greater than or equal to 0}. */
  public static void nonNegative(ObjectNode object, String path, List<StatusCause> causes) {
    Long v = Fields.integer(object, path);
    if (v != null && v < 0) causes.add(Causes.invalid(path, v, "must be greater than or equal to 0"));
  }
}

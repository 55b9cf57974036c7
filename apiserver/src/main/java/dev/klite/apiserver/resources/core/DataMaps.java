package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rules shared by ConfigMaps and Secrets (pkg/apis/core/validation/validation.go
 * ValidateConfigMap, ValidateSecret, ValidateConfigMapUpdate): key syntax, and the
 * {@code immutable: true} lock on update.
 */
final class DataMaps {
  private DataMaps() {}

  private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
  private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);

  /** IsConfigMapKey's errors for {@code key}. */
  static List<String> keyErrors(String key) {
    List<String> errs = new ArrayList<>();
    if (key.length() > 253) errs.add(NameRules.maxLen(253));
    if (!CONFIG_KEY.matcher(key).matches()) {
      errs.add(NameRules.regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
    }
    if (key.equals(".")) errs.add("must not be '.'");
    else if (key.equals("..")) errs.add("must not be '..'");
    else if (key.startsWith("..")) errs.add("must not start with '..'");
    return errs;
  }

  static void keys(ObjectNode object, String field, List<StatusCause> causes) {
    ObjectNode map = Fields.object(object, field);
    if (map == null) return;
    for (String key : map.propertyNames()) {
      for (String msg : keyErrors(key)) causes.add(Causes.invalid(field + "[" + key + "]", key, msg));
    }
  }

  /** When the old object was immutable, data fields and the flag itself may not change. */
  static void immutable(ObjectNode object, ObjectNode old, List<String> dataFields, List<StatusCause> causes) {
    if (!Fields.isTrue(old, "immutable")) return;
    if (!Fields.isTrue(object, "immutable")) {
      causes.add(Causes.forbidden("immutable", "field is immutable when `immutable` is set"));
    }
    for (String f : dataFields) {
      if (!Fields.sameAt(object, old, f)) causes.add(Causes.forbidden(f, "field is immutable when `immutable` is set"));
    }
  }
}

package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** ConfigMaps (pkg/registry/core/configmap/strategy.go): key syntax, 1 MiB limit, immutability. */
public final class ConfigMapStrategy extends BasicStrategy {
  /** Upstream's MaxSecretSize, also used for ConfigMaps. */
  static final int MAX_SIZE = 1024 * 1024;

  public ConfigMapStrategy() {
    super(true, false, MetadataValidation.SUBDOMAIN);
  }

  @Override
  public List<StatusCause> validate(ObjectNode cm) {
    List<StatusCause> causes = super.validate(cm);
    DataMaps.keys(cm, "data", causes);
    DataMaps.keys(cm, "binaryData", causes);
    long size = 0;
    ObjectNode binary = Fields.object(cm, "binaryData");
    for (Map.Entry<String, String> e : Fields.stringMap(cm, "data").entrySet()) {
      size += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
      if (binary != null && binary.has(e.getKey())) {
        causes.add(Causes.invalid("data[" + e.getKey() + "]", e.getKey(), "duplicate of key present in binaryData"));
      }
    }
    for (Map.Entry<String, String> e : Fields.stringMap(cm, "binaryData").entrySet()) {
      size += e.getKey().length() + e.getValue().length() * 3L / 4;
    }
    if (size > MAX_SIZE) {
      causes.add(new StatusCause("FieldValueTooLong", "Too long: must have at most " + MAX_SIZE + " bytes", ""));
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode cm, ObjectNode old) {
    List<StatusCause> causes = validate(cm);
    DataMaps.immutable(cm, old, List.of("data", "binaryData"), causes);
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

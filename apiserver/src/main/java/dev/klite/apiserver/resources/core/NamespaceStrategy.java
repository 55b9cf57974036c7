package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces (pkg/registry/core/namespace/strategy.go, pkg/apis/core/v1/defaults.go
 * SetDefaults_Namespace): the {@code kubernetes.io/metadata.name} label, status phase Active and
 * the {@code kubernetes} spec finalizer on create; spec.finalizers change only through
 * {@code /finalize}; phase rules on {@code /status}.
 */
public final class NamespaceStrategy extends BasicStrategy {
  public static final String NAME_LABEL = "kubernetes.io/metadata.name";
  public static final String FINALIZER = "kubernetes";

  public NamespaceStrategy() {
    super(false, true, MetadataValidation.LABEL);
  }

  static void applyDefaults(ObjectNode ns) {
    String name = Fields.string(ns, "metadata.name", "");
    if (!name.isEmpty()) Fields.ensureObject(ns, "metadata.labels").put(NAME_LABEL, name);
  }

  @Override
  public void prepareForCreate(ObjectNode ns) {
    applyDefaults(ns);
    ObjectNode status = ns.putObject("status");
    status.put("phase", "Active");
    ArrayNode finalizers = Fields.ensureArray(ns, "spec.finalizers");
    boolean present = false;
    for (JsonNode f : finalizers) present |= FINALIZER.equals(f.asString());
    if (!present) finalizers.add(FINALIZER);
  }

  @Override
  public void prepareForUpdate(ObjectNode ns, ObjectNode old) {
    super.prepareForUpdate(ns, old);
    Fields.copy(old, ns, "spec.finalizers");
    applyDefaults(ns);
  }

  /**
   * For {@code PUT /api/v1/namespaces/<name>/finalize} (namespaceFinalizeStrategy): the body's
   * {@code spec.finalizers} are taken, status is kept from {@code old}.
   */
  public void prepareForFinalize(ObjectNode ns, ObjectNode old) {
    Fields.copy(old, ns, "status");
    applyDefaults(ns);
  }

  /** The namespace controller's {@code kubernetes} finalizer (or any spec finalizer) holds the delete. */
  @Override
  public boolean holdsDeletion(ObjectNode ns) {
    return !Fields.strings(ns, "spec.finalizers").isEmpty();
  }

  /** ValidateNamespaceFinalizeUpdate: each spec finalizer must be a qualified name. */
  public List<StatusCause> validateFinalize(ObjectNode ns, ObjectNode old) {
    List<StatusCause> causes = super.validateUpdate(ns, old);
    List<String> finalizers = Fields.strings(ns, "spec.finalizers");
    for (int i = 0; i < finalizers.size(); i++) {
      String f = finalizers.get(i);
      for (String msg : dev.klite.apiserver.resources.common.NameRules.qualifiedName(f)) {
        causes.add(Causes.invalid("spec.finalizers[" + i + "]", f, msg));
      }
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateStatusUpdate(ObjectNode ns, ObjectNode old) {
    List<StatusCause> causes = super.validateStatusUpdate(ns, old);
    String phase = Fields.string(ns, "status.phase", "");
    if (!Fields.has(ns, "metadata.deletionTimestamp")) {
      if (!phase.equals("Active")) {
        causes.add(Causes.invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
      }
    } else if (!phase.equals("Terminating")) {
      causes.add(Causes.invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
    }
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

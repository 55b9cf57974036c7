package dev.klite.apiserver.resources.common;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules every kind shares: metadata validation by the kind's name rule and, for kinds with a
 * {@code status} subresource, the split between the main resource (status is not writable) and
 * {@code /status} (only status and the object's labels, annotations, finalizers and
 * ownerReferences are writable). Upstream's status strategies for the kinds klite serves (pods,
 * nodes, namespaces, services, resourcequotas, jobs, cronjobs) only restore the spec in
 * PrepareForUpdate and do not call {@code ResetObjectMetaForStatus}, so metadata changes made
 * through /status are kept (pkg/registry/core/pod/strategy.go podStatusStrategy,
 * pkg/registry/batch/job/strategy.go jobStatusStrategy, ...). Kind strategies extend this and add
 * defaulting and spec validation.
 */
public class BasicStrategy implements ResourceStrategy {
  /**
   * Metadata fields no status update may change (rest.BeforeUpdate keeps the generation; the
   * deletion fields change only through DELETE). Labels, annotations, finalizers and owner
   * references are the writer's, as upstream; managedFields are the field manager's.
   */
  private static final List<String> STATUS_RESET_META = List.of("deletionTimestamp", "deletionGracePeriodSeconds",
      "generation");

  private final boolean namespaced;
  private final boolean hasStatus;
  private final Function<String, List<String>> nameRule;

  public BasicStrategy(boolean namespaced, boolean hasStatus, Function<String, List<String>> nameRule) {
    this.namespaced = namespaced;
    this.hasStatus = hasStatus;
    this.nameRule = nameRule;
  }

  public boolean namespaced() {
    return namespaced;
  }

  @Override
  public void prepareForCreate(ObjectNode object) {
    if (hasStatus) object.remove("status");
  }

  @Override
  public void prepareForUpdate(ObjectNode object, ObjectNode old) {
    if (hasStatus) Fields.copy(old, object, "status");
  }

  @Override
  public List<StatusCause> validate(ObjectNode object) {
    return new ArrayList<>(MetadataValidation.validate(object, namespaced, nameRule));
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
    return new ArrayList<>(MetadataValidation.validate(object, namespaced, nameRule));
  }

  @Override
  public void prepareForStatusUpdate(ObjectNode object, ObjectNode old) {
    keepAllButStatus(object, old);
  }

  @Override
  public List<StatusCause> validateStatusUpdate(ObjectNode object, ObjectNode old) {
    return new ArrayList<>(MetadataValidation.validate(object, namespaced, nameRule));
  }

  /** Whether anything outside {@code metadata} and {@code status} differs (upstream: spec changed). */
  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return !Fields.sameAt(object, old, "spec");
  }

  /**
   * Makes {@code object} equal to {@code old} except for {@code status} and the metadata a
   * status writer may change (labels, annotations, finalizers, ownerReferences; resourceVersion
   * for preconditions).
   */
  public static void keepAllButStatus(ObjectNode object, ObjectNode old) {
    List<String> names = new ArrayList<>(object.propertyNames());
    for (String name : names) {
      if (!name.equals("status") && !name.equals("metadata") && !name.equals("apiVersion") && !name.equals("kind")) {
        object.remove(name);
      }
    }
    for (Map.Entry<String, JsonNode> e : old.properties()) {
      String name = e.getKey();
      if (!name.equals("status") && !name.equals("metadata") && !name.equals("apiVersion") && !name.equals("kind")) {
        object.set(name, e.getValue().deepCopy());
      }
    }
    for (String field : STATUS_RESET_META) Fields.copy(old, object, "metadata." + field);
  }
}

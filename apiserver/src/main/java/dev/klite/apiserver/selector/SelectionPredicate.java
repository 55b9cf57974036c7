package dev.klite.apiserver.selector;

import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * A label selector plus a field selector bound to one resource's selectable fields, as upstream's
 * storage.SelectionPredicate (staging/src/k8s.io/apiserver/pkg/storage/selection_predicate.go).
 */
public final class SelectionPredicate {
  private final ResourceDefinition def;
  private final LabelSelector labels;
  private final FieldSelector fields;

  private SelectionPredicate(ResourceDefinition def, LabelSelector labels, FieldSelector fields) {
    this.def = def;
    this.labels = labels;
    this.fields = fields;
  }

  /**
   * Parses both selectors for {@code def}.
   *
   * @throws dev.klite.apiserver.errors.ApiException 400 on bad syntax or an unsupported field
   */
  public static SelectionPredicate parse(ResourceDefinition def, String labelSelector, String fieldSelector) {
    Set<String> supported = new HashSet<>(def.fieldSelectors().keySet());
    supported.add("metadata.name");
    supported.add("metadata.namespace");
    return new SelectionPredicate(def, LabelSelector.parse(labelSelector),
        FieldSelector.parse(fieldSelector).validate(supported));
  }

  public static SelectionPredicate everything(ResourceDefinition def) {
    return new SelectionPredicate(def, LabelSelector.everything(), FieldSelector.everything());
  }

  public boolean isEverything() {
    return labels.isEmpty() && fields.isEmpty();
  }

  /** The single name this predicate requires, if it has a {@code metadata.name=X} term. */
  public Optional<String> requiredName() {
    return fields.requiredValue("metadata.name");
  }

  public boolean matches(ObjectNode object) {
    ObjectMeta meta = ObjectMeta.of(object);
    if (!labels.matches(meta.labels())) return false;
    if (fields.isEmpty()) return true;
    return fields.matches(field -> value(object, meta, field));
  }

  private String value(ObjectNode object, ObjectMeta meta, String field) {
    if (field.equals("metadata.name")) return meta.name();
    if (field.equals("metadata.namespace")) return meta.namespace();
    Function<ObjectNode, String> f = def.fieldSelectors().get(field);
    return f == null ? "" : f.apply(object);
  }
}

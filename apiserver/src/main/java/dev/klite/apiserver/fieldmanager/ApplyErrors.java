package dev.klite.apiserver.fieldmanager;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The errors of server-side apply with upstream's wording:
 * staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/conflict.go (409 with
 * {@code FieldManagerConflict} causes) and fieldmanager.go's typed-patch failure.
 */
final class ApplyErrors {
  private ApplyErrors() {}

  /** The fields of one other manager that an apply would change. */
  record Conflict(ManagedFields.Entry owner, FieldSet fields) {}

  static ApiException conflict(List<Conflict> conflicts) {
    List<Conflict> byManager = new ArrayList<>(conflicts);
    byManager.sort(Comparator.comparing(c -> c.owner().printed()));
    List<StatusCause> causes = new ArrayList<>();
    int count = 0;
    StringBuilder list = new StringBuilder();
    String single = "";
    for (Conflict c : byManager) {
      if (list.length() > 0) list.append('\n');
      list.append("conflicts with ").append(c.owner().printed()).append(':');
      for (FieldPath p : c.fields().sorted()) {
        count++;
        causes.add(new StatusCause("FieldManagerConflict", "conflict with " + c.owner().printed(), p.toString()));
        list.append("\n- ").append(p);
        single = "conflict with " + c.owner().printed() + ": " + p;
      }
    }
    String message = count == 1 ? "Apply failed with 1 conflict: " + single
        : "Apply failed with " + count + " conflicts: " + list;
    return new ApiException(409, "Conflict", message, null, null, null, causes);
  }

  /**
   * An applied configuration with fields the kind does not declare cannot be typed; upstream
   * answers with a plain (500, reason-less) error whatever the fieldValidation directive.
   */
  static void checkDeclared(ResourceDefinition def, ObjectNode config, List<String> unknown) {
    if (unknown.isEmpty()) return;
    ObjectMeta meta = ObjectMeta.of(config);
    String gvk = (def.group().isEmpty() ? "" : def.group()) + "/" + def.version() + ", Kind=" + def.kind();
    StringBuilder errs = new StringBuilder();
    if (unknown.size() == 1) {
      errs.append('.').append(unknown.get(0)).append(": field not declared in schema");
    } else {
      errs.append("errors:");
      for (String u : unknown) errs.append("\n  .").append(u).append(": field not declared in schema");
    }
    throw new ApiException(500, "", "failed to create typed patch object (" + meta.namespace() + "/" + meta.name()
        + "; " + gvk + "): " + errs, null, null, null, List.of());
  }
}

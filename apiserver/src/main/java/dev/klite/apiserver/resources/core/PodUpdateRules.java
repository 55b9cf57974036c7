package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which pod spec changes an update may make (pkg/apis/core/validation/validation.go
 * ValidatePodUpdate): container and init-container images, activeDeadlineSeconds (set, or
 * lowered), tolerations (only additions), terminationGracePeriodSeconds (negative to 1),
 * removal of schedulingGates. Everything else is compared after "munging" the allowed changes
 * back to the old values, as upstream does.
 */
final class PodUpdateRules {
  private PodUpdateRules() {}

  static final String MESSAGE = "pod updates may not change fields other than `spec.containers[*].image`,"
      + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
      + "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
      + "previously negative)";

  static List<StatusCause> validate(ObjectNode spec, ObjectNode oldSpec) {
    List<StatusCause> causes = new ArrayList<>();
    if (spec == null || oldSpec == null) return causes;
    ObjectNode munged = spec.deepCopy();
    for (String list : List.of("containers", "initContainers")) {
      List<ObjectNode> now = Fields.objects(munged, list);
      List<ObjectNode> before = Fields.objects(oldSpec, list);
      if (now.size() != before.size()) continue;
      for (int i = 0; i < now.size(); i++) Fields.copy(before.get(i), now.get(i), "image");
    }
    Long oldDeadline = Fields.integer(oldSpec, "activeDeadlineSeconds");
    Long newDeadline = Fields.integer(spec, "activeDeadlineSeconds");
    if (newDeadline != null && (oldDeadline == null || newDeadline <= oldDeadline)) {
      Fields.copy(oldSpec, munged, "activeDeadlineSeconds");
    } else if (newDeadline != null) {
      causes.add(new StatusCause("FieldValueInvalid",
          "Invalid value: " + newDeadline + ": must be less than or equal to previous value",
          "spec.activeDeadlineSeconds"));
      Fields.copy(oldSpec, munged, "activeDeadlineSeconds");
    }
    if (containsAll(Fields.array(spec, "tolerations"), Fields.array(oldSpec, "tolerations"))) {
      Fields.copy(oldSpec, munged, "tolerations");
    }
    Long oldGrace = Fields.integer(oldSpec, "terminationGracePeriodSeconds");
    Long newGrace = Fields.integer(spec, "terminationGracePeriodSeconds");
    if (oldGrace != null && oldGrace < 0 && newGrace != null && newGrace == 1) {
      Fields.copy(oldSpec, munged, "terminationGracePeriodSeconds");
    }
    if (Fields.array(spec, "schedulingGates") == null || Fields.array(spec, "schedulingGates").isEmpty()) {
      Fields.copy(oldSpec, munged, "schedulingGates");
    }
    if (!Fields.semanticallyEqual(munged, oldSpec)) {
      causes.add(StatusCause.forbidden("spec", MESSAGE));
    }
    return causes;
  }

  private static boolean containsAll(ArrayNode now, ArrayNode before) {
    if (before == null) return true;
    if (now == null) return before.isEmpty();
    for (JsonNode old : before) {
      boolean found = false;
      for (JsonNode n : now) found |= Fields.semanticallyEqual(n, old);
      if (!found) return false;
    }
    return true;
  }
}

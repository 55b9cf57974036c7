package dev.klite.apiserver.resources.events;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.NameRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation of Events written through events.k8s.io/v1, on the core/v1 shape (so field paths
 * are the internal ones, {@code message} rather than {@code note}), as
 * pkg/apis/core/validation/events.go ValidateEventCreate / ValidateEventUpdate with a request
 * version of events.k8s.io/v1: the legacy rules every Event passes, plus the strict rules of the
 * new API on create.
 */
final class EventValidation {
  static final int REPORTING_INSTANCE_MAX = 128;
  static final int ACTION_MAX = 128;
  static final int REASON_MAX = 128;
  static final int NOTE_MAX = 1024;

  private EventValidation() {}

  /** The strict create rules of the events.k8s.io/v1 API (core shape). */
  static List<StatusCause> create(ObjectNode core) {
    List<StatusCause> causes = legacy(core);
    causes.addAll(series(core));
    if (!present(core, "eventTime")) causes.add(StatusCause.required("eventTime"));
    String type = Fields.string(core, "type", "");
    if (!type.equals("Normal") && !type.equals("Warning")) {
      causes.add(Causes.invalid("type", "", "has invalid value: " + type));
    }
    for (String unset : List.of("firstTimestamp", "lastTimestamp")) {
      if (present(core, unset)) causes.add(Causes.invalid(unset, "", "needs to be unset"));
    }
    Long count = Fields.integer(core, "count");
    if (count != null && count != 0) causes.add(Causes.invalid("count", "", "needs to be unset"));
    if (!Fields.string(core, "source.component", "").isEmpty() || !Fields.string(core, "source.host", "").isEmpty()) {
      causes.add(Causes.invalid("source", "", "needs to be unset"));
    }
    return causes;
  }

  /**
   * The update rules: legacy validation, and the series when it changed. Upstream also lists the
   * other fields as immutable, yet its conformance spec ("Events API should ensure that an event
   * can be fetched, patched, deleted, and listed") patches the note through this API and expects
   * success on every conformant cluster, so klite does not reject those changes.
   */
  static List<StatusCause> update(ObjectNode core, ObjectNode oldCore) {
    List<StatusCause> causes = legacy(core);
    if (!Objects.equals(core.get("series"), oldCore.get("series"))) causes.addAll(series(core));
    return causes;
  }

  /** legacyValidateEvent: the rules every Event passes, whatever the API it came through. */
  static List<StatusCause> legacy(ObjectNode core) {
    List<StatusCause> causes = new ArrayList<>();
    String ns = Fields.string(core, "metadata.namespace", "");
    String involvedNs = Fields.string(core, "involvedObject.namespace", "");
    if (!present(core, "eventTime")) {
      boolean ok = involvedNs.isEmpty() ? ns.isEmpty() || ns.equals("default") : ns.equals(involvedNs);
      if (!ok) causes.add(Causes.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
      return causes;
    }
    if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
      causes.add(Causes.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    }
    String controller = Fields.string(core, "reportingComponent", "");
    if (controller.isEmpty()) causes.add(StatusCause.required("reportingController"));
    for (String msg : NameRules.qualifiedName(controller)) {
      causes.add(Causes.invalid("reportingController", controller, msg));
    }
    limited(causes, core, "reportingInstance", REPORTING_INSTANCE_MAX, true);
    limited(causes, core, "action", ACTION_MAX, true);
    limited(causes, core, "reason", REASON_MAX, true);
    limited(causes, core, "message", NOTE_MAX, false);
    return causes;
  }

  /** validateV1EventSeries. */
  private static List<StatusCause> series(ObjectNode core) {
    List<StatusCause> causes = new ArrayList<>();
    if (!present(core, "series")) return causes;
    Long count = Fields.integer(core, "series.count");
    if (count == null || count < 2) causes.add(Causes.invalid("series.count", "", "should be at least 2"));
    if (!present(core, "series.lastObservedTime")) causes.add(StatusCause.required("series.lastObservedTime"));
    return causes;
  }

  private static void limited(List<StatusCause> causes, ObjectNode core, String field, int max, boolean required) {
    String value = Fields.string(core, field, "");
    if (required && value.isEmpty()) causes.add(StatusCause.required(field));
    if (value.length() > max) causes.add(Causes.invalid(field, "", "can have at most " + max + " characters"));
  }

  private static boolean present(ObjectNode core, String path) {
    JsonNode n = Fields.at(core, path);
    return n != null && !n.isMissingNode() && !n.isNull() && !(n.isString() && n.stringValue().isEmpty());
  }
}

package dev.klite.apiserver.errors;

import dev.klite.apiserver.object.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Renders {@code metav1.Status} objects (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
public final class Statuses {
  private Statuses() {}

  /** The Failure Status of an ApiException; {@code code} equals the HTTP status. */
  public static ObjectNode failure(ApiException e) {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    ObjectNode meta = s.putObject("metadata");
    if (e instanceof InconsistentContinueException ic) meta.put("continue", ic.continueToken());
    s.put("status", "Failure");
    s.put("message", e.getMessage());
    // metav1.Status.reason is omitempty: a reason-less error (StatusReasonUnknown) has none.
    if (e.reason() != null && !e.reason().isEmpty()) s.put("reason", e.reason());
    boolean hasDetails = e.name() != null || e.group() != null || e.kind() != null || !e.causes().isEmpty()
        || e.retryAfterSeconds() != null;
    if (hasDetails) {
      ObjectNode d = s.putObject("details");
      if (e.name() != null && !e.name().isEmpty()) d.put("name", e.name());
      if (e.group() != null && !e.group().isEmpty()) d.put("group", e.group());
      if (e.kind() != null && !e.kind().isEmpty()) d.put("kind", e.kind());
      if (!e.causes().isEmpty()) {
        ArrayNode causes = d.putArray("causes");
        for (StatusCause c : e.causes()) {
          ObjectNode cn = causes.addObject();
          if (c.reason() != null && !c.reason().isEmpty()) cn.put("reason", c.reason());
          if (c.message() != null && !c.message().isEmpty()) cn.put("message", c.message());
          if (c.field() != null && !c.field().isEmpty()) cn.put("field", c.field());
        }
      }
      if (e.retryAfterSeconds() != null) d.put("retryAfterSeconds", e.retryAfterSeconds());
    }
    s.put("code", e.code());
    return s;
  }

  /** A Success Status, e.g. for a binding (201) or a deleted namespace's reply. */
  public static ObjectNode success(int code) {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Success");
    s.put("code", code);
    return s;
  }
}

package dev.klite.apiserver.errors;

import java.util.List;

/**
 * An error that becomes a {@code metav1.Status} response. Exactly one failure handler turns it
 * into JSON. Messages follow upstream wording (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).
 *
 * @see dev.klite.apiserver.errors.StatusCause
 */
public class ApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final String name;
  private final String group;
  private final String kind;
  private final List<StatusCause> causes;
  private final Integer retryAfterSeconds;

  public ApiException(int code, String reason, String message, String name, String group, String kind,
      List<StatusCause> causes) {
    this(code, reason, message, name, group, kind, causes, null);
  }

  public ApiException(int code, String reason, String message, String name, String group, String kind,
      List<StatusCause> causes, Integer retryAfterSeconds) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.name = name;
    this.group = group;
    this.kind = kind;
    this.causes = List.copyOf(causes);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int code() { return code; }
  public String reason() { return reason; }
  /** details.name, or null. */
  public String name() { return name; }
  /** details.group, or null (core group is ""). */
  public String group() { return group; }
  /** details.kind (the plural resource for NotFound/AlreadyExists/Conflict, the Kind for Invalid), or null. */
  public String kind() { return kind; }
  public List<StatusCause> causes() { return causes; }
  public Integer retryAfterSeconds() { return retryAfterSeconds; }

  /** {@code jobs.batch} or {@code pods} for the core group. */
  public static String qualified(String resource, String group) {
    return group == null || group.isEmpty() ? resource : resource + "." + group;
  }

  /** 404 {@code jobs.batch "x" not found}. */
  public static ApiException notFound(String group, String resource, String name) {
    return new ApiException(404, "NotFound", qualified(resource, group) + " \"" + name + "\" not found",
        name, group, resource, List.of());
  }

  /** 409 {@code jobs.batch "x" already exists}. */
  public static ApiException alreadyExists(String group, String resource, String name) {
    return new ApiException(409, "AlreadyExists", qualified(resource, group) + " \"" + name + "\" already exists",
        name, group, resource, List.of());
  }

  /** 409 Conflict with upstream's optimistic-concurrency message. */
  public static ApiException conflict(String group, String resource, String name, String detail) {
    return new ApiException(409, "Conflict",
        "Operation cannot be fulfilled on " + qualified(resource, group) + " \"" + name + "\": " + detail,
        name, group, resource, List.of());
  }

  /** The detail upstream uses for a stale resourceVersion (registry/generic/registry/store.go OptimisticLockErrorMsg). */
  public static final String OPTIMISTIC_LOCK_MSG =
      "the object has been modified; please apply your changes to the latest version and try again";

  /** 422 Invalid: {@code Job.batch "x" is invalid: [a: msg, b: msg]} (details.kind = Kind). */
  public static ApiException invalid(String group, String kind, String name, List<StatusCause> causes) {
    String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
    StringBuilder sb = new StringBuilder(qualifiedKind).append(" \"").append(name).append("\" is invalid: ");
    if (causes.size() == 1) {
      sb.append(causes.get(0).describe());
    } else {
      sb.append('[');
      for (int i = 0; i < causes.size(); i++) {
        if (i > 0) sb.append(", ");
        sb.append(causes.get(i).describe());
      }
      sb.append(']');
    }
    return new ApiException(422, "Invalid", sb.toString(), name, group, kind, causes);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message, null, null, null, List.of());
  }

  /** 410 Expired, e.g. {@code too old resource version: 5 (1000)}. */
  public static ApiException expired(String message) {
    return new ApiException(410, "Expired", message, null, null, null, List.of());
  }

  public static ApiException methodNotAllowed(String message) {
    return new ApiException(405, "MethodNotAllowed", message, null, null, null, List.of());
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(415, "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
            + "application/strategic-merge-patch+json",
        null, null, null, List.of());
  }

  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized", null, null, null, List.of());
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message, null, null, null, List.of());
  }

  public static ApiException requestEntityTooLarge(String message) {
    return new ApiException(413, "RequestEntityTooLarge", message, null, null, null, List.of());
  }

  public static ApiException internal(String message) {
    return new ApiException(500, "InternalError", "Internal error occurred: " + message, null, null, null, List.of());
  }
}

package dev.klite.apiserver.errors;

/**
 * One {@code metav1.StatusCause}: e.g. reason {@code FieldValueRequired}, message
 * {@code Required value}, field {@code spec.template.spec.containers[0].image}.
 */
public record StatusCause(String reason, String message, String field) {

  public static StatusCause required(String field) {
    return new StatusCause("FieldValueRequired", "Required value", field);
  }

  /** {@code Invalid value: <value>: <detail>} as upstream field.Invalid renders it. */
  public static StatusCause invalid(String field, Object value, String detail) {
    return new StatusCause("FieldValueInvalid", "Invalid value: " + render(value) + ": " + detail, field);
  }

  /** {@code Unsupported value: "x": supported values: "a", "b"} as upstream field.NotSupported. */
  public static StatusCause notSupported(String field, Object value, java.util.List<String> supported) {
    StringBuilder sb = new StringBuilder("Unsupported value: ").append(render(value));
    if (!supported.isEmpty()) {
      sb.append(": supported values: ");
      for (int i = 0; i < supported.size(); i++) {
        if (i > 0) sb.append(", ");
        sb.append('"').append(supported.get(i)).append('"');
      }
    }
    return new StatusCause("FieldValueNotSupported", sb.toString(), field);
  }

  public static StatusCause forbidden(String field, String detail) {
    return new StatusCause("FieldValueForbidden", "Forbidden: " + detail, field);
  }

  public static StatusCause duplicate(String field, Object value) {
    return new StatusCause("FieldValueDuplicate", "Duplicate value: " + render(value), field);
  }

  public static StatusCause tooLong(String field, Object value, int max) {
    return new StatusCause("FieldValueTooLong", "Too long: may not be more than " + max + " bytes", field);
  }

  /** The {@code field: message} line kubectl prints per cause. */
  public String describe() {
    return field == null || field.isEmpty() ? message : field + ": " + message;
  }

  private static String render(Object value) {
    if (value instanceof String s) return "\"" + s.replace("\"", "\\\"") + "\"";
    return String.valueOf(value);
  }
}

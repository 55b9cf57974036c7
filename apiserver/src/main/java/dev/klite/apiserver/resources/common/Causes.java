package dev.klite.apiserver.resources.common;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Json;
import tools.jackson.databind.JsonNode;

/**
 * StatusCause factories beyond those on {@link StatusCause}, rendered as upstream's
 * staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go does.
 */
public final class Causes {
  private Causes() {}

  /** {@code Required value: <detail>} (field.Required with a detail). */
  public static StatusCause required(String field, String detail) {
    if (detail == null || detail.isEmpty()) return StatusCause.required(field);
    return new StatusCause("FieldValueRequired", "Required value: " + detail, field);
  }

  /** field.Invalid; JSON values (objects, arrays) are rendered compactly. */
  public static StatusCause invalid(String field, Object value, String detail) {
    return StatusCause.invalid(field, renderable(value), detail);
  }

  /** field.Invalid with {@code field.OmitValueType{}}: rendered as {@code Invalid value: <detail>}. */
  public static StatusCause invalidNoValue(String field, String detail) {
    return new StatusCause("FieldValueInvalid", "Invalid value: " + detail, field);
  }

  /** field.TooMany: {@code Too many: <n>: must have at most <max> items}. */
  public static StatusCause tooMany(String field, int actual, int max) {
    return new StatusCause("FieldValueTooMany", "Too many: " + actual + ": must have at most " + max + " items", field);
  }

  /** field.TooLong for sizes in bytes: {@code Too long: may not be more than <max> bytes}. */
  public static StatusCause tooLongBytes(String field, int max) {
    return new StatusCause("FieldValueTooLong", "Too long: may not be more than " + max + " bytes", field);
  }

  /** field.Forbidden. */
  public static StatusCause forbidden(String field, String detail) {
    return StatusCause.forbidden(field, detail);
  }

  /** {@code Invalid value: <v>: field is immutable} (apimachinery ValidateImmutableField). */
  public static StatusCause immutable(String field, Object newValue) {
    return invalid(field, newValue, "field is immutable");
  }

  private static Object renderable(Object value) {
    if (value instanceof JsonNode n) {
      if (n.isString()) return n.stringValue();
      if (n.isIntegralNumber()) return n.longValue();
      if (n.isBoolean()) return n.booleanValue();
      if (n.isMissingNode() || n.isNull()) return "null";
      return new Raw(Json.string(n));
    }
    return value;
  }

  /** A value printed as-is (no quoting). */
  private record Raw(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}

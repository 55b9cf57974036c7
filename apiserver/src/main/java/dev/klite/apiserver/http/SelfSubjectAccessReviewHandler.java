package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.metrics.ApiMetrics;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.authorization.AuthorizationV1Resources;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews
 * (pkg/registry/authorization/selfsubjectaccessreview/rest.go): validates the review and answers
 * it, 201, without storing anything. klite has one user with every permission, so every review is
 * allowed. The resource has no Table printer, so an Accept that only asks for a Table (or other
 * conversion) is 406, as upstream's output negotiation rejects it.
 */
final class SelfSubjectAccessReviewHandler implements Handler<RoutingContext> {
  static final String PATH = "/apis/" + AuthorizationV1Resources.GROUP + "/v1/"
      + AuthorizationV1Resources.SELF_SUBJECT_ACCESS_REVIEWS;

  /** The serializers upstream offers (runtime.SerializerInfo media types), in its order. */
  static final String NOT_ACCEPTABLE = "only the following media types are accepted: application/json, "
      + "application/yaml, application/vnd.kubernetes.protobuf";

  private final ResourceDefinition def;

  SelfSubjectAccessReviewHandler(ResourceDefinition def) {
    this.def = def;
  }

  static boolean serves(ResourceDefinition d) {
    return d.group().equals(AuthorizationV1Resources.GROUP)
        && d.plural().equals(AuthorizationV1Resources.SELF_SUBJECT_ACCESS_REVIEWS);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(ApiMetrics.RESOURCE, def.plural());
    try {
      if (ctx.request().method() != HttpMethod.POST) {
        throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
      }
      ctx.put(ApiMetrics.VERB, "POST");
      if (!acceptable(ctx.request().getHeader("Accept"))) {
        throw new ApiException(406, "NotAcceptable", NOT_ACCEPTABLE, null, null, null, List.of());
      }
      RequestBodies.dryRun(ctx);
      ObjectNode review = RequestBodies.object(ctx, def);
      List<StatusCause> causes = validate(review);
      if (!causes.isEmpty()) throw ApiException.invalid(def.group(), def.kind(), "", causes);
      Responses.write(ctx, 201, answer(review), RequestBodies.fieldWarnings(ctx));
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  /** The review as upstream returns it: empty metadata, the spec as sent, status.allowed. */
  static ObjectNode answer(ObjectNode review) {
    ObjectNode out = Json.object();
    out.put("kind", "SelfSubjectAccessReview");
    out.put("apiVersion", AuthorizationV1Resources.GROUP + "/v1");
    out.putObject("metadata").putNull("creationTimestamp");
    JsonNode spec = review.get("spec");
    out.set("spec", spec == null ? Json.object() : spec.deepCopy());
    out.putObject("status").put("allowed", true);
    return out;
  }

  /**
   * pkg/apis/authorization/validation ValidateSelfSubjectAccessReviewSpec: exactly one of
   * resourceAttributes and nonResourceAttributes.
   */
  static List<StatusCause> validate(ObjectNode review) {
    List<StatusCause> causes = new ArrayList<>();
    JsonNode resource = Fields.at(review, "spec.resourceAttributes");
    JsonNode nonResource = Fields.at(review, "spec.nonResourceAttributes");
    boolean hasResource = resource.isObject();
    boolean hasNonResource = nonResource.isObject();
    if (hasResource && hasNonResource) {
      // A struct value is printed with %#v, unquoted.
      causes.add(new StatusCause("FieldValueInvalid", "Invalid value: " + goNonResource(nonResource)
          + ": cannot be specified in combination with resourceAttributes", "spec.nonResourceAttributes"));
    } else if (!hasResource && !hasNonResource) {
      causes.add(StatusCause.invalid("spec.resourceAttributes", "null",
          "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
    return causes;
  }

  /** How Go's %#v prints the internal NonResourceAttributes in a field error. */
  private static String goNonResource(JsonNode n) {
    return "authorization.NonResourceAttributes{Path:\"" + n.path("path").asString("") + "\", Verb:\""
        + n.path("verb").asString("") + "\"}";
  }

  /** Whether the Accept header allows a plain serialization (no Table/metadata conversion). */
  static boolean acceptable(String accept) {
    if (accept == null || accept.isBlank()) return true;
    for (String mediaType : accept.split(",")) {
      String[] params = mediaType.trim().split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      boolean converted = false;
      for (int i = 1; i < params.length; i++) {
        if (params[i].trim().startsWith("as=")) converted = true;
      }
      if (converted) continue;
      if (type.equals("application/json") || type.equals("application/yaml") || type.equals("*/*")
          || type.equals("application/*") || type.equals("application/vnd.kubernetes.protobuf")) {
        return true;
      }
    }
    return false;
  }
}

package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The {@code fieldManager} and {@code force} query parameters of writes, checked as
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go and
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidatePatchOptions)
 * do: apply needs a manager; {@code force} is only for apply; without a manager an update is
 * attributed to the User-Agent's product name.
 */
final class FieldManagers {
  private static final int MAX_LENGTH = 128;

  private FieldManagers() {}

  static String name(RoutingContext ctx, boolean apply) {
    String manager = ctx.request().getParam("fieldManager", "");
    if (manager.isEmpty()) {
      if (apply) {
        throw options(new StatusCause("FieldValueRequired", "Required value: is required for apply patch",
            "fieldManager"), apply);
      }
      String agent = ctx.request().getHeader("User-Agent");
      manager = agent == null ? "" : agent.split("/", 2)[0];
    }
    if (manager.length() > MAX_LENGTH) {
      throw options(new StatusCause("FieldValueTooLong", "Too long: may not be more than " + MAX_LENGTH + " bytes",
          "fieldManager"), apply);
    }
    return manager;
  }

  static boolean force(RoutingContext ctx, boolean apply) {
    String force = ctx.request().getParam("force");
    if (force == null) return false;
    if (!apply) {
      throw options(new StatusCause("FieldValueForbidden", "Forbidden: may not be specified for non-apply patch",
          "force"), true);
    }
    return Boolean.parseBoolean(force);
  }

  private static ApiException options(StatusCause cause, boolean patch) {
    return ApiException.invalid("meta.k8s.io", patch ? "PatchOptions" : "UpdateOptions", "", List.of(cause));
  }
}

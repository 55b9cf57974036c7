package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.selector.SelectionPredicate;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Query parameters of list and watch requests (metav1.ListOptions), validated as
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/internalversion/validation/validation.go
 * (ValidateListOptions) does: 422 {@code ListOptions.meta.k8s.io "" is invalid: ...}.
 */
final class Queries {
  private Queries() {}

  static boolean isWatch(MultiMap q) {
    return Boolean.TRUE.equals(goBool(q.get("watch"), "watch"));
  }

  static ListOptions listOptions(MultiMap q, ResourceDefinition def) {
    SelectionPredicate predicate = SelectionPredicate.parse(def, q.get("labelSelector"), q.get("fieldSelector"));
    long limit = q.contains("limit") && !q.get("limit").isEmpty() ? RequestBodies.parseLong(q.get("limit"), "limit") : 0;
    Long timeout = q.contains("timeoutSeconds") && !q.get("timeoutSeconds").isEmpty()
        ? RequestBodies.parseLong(q.get("timeoutSeconds"), "timeoutSeconds") : null;
    boolean bookmarks = Boolean.TRUE.equals(goBool(q.get("allowWatchBookmarks"), "allowWatchBookmarks"));
    Boolean initialEvents = goBool(q.get("sendInitialEvents"), "sendInitialEvents");
    ListOptions options = new ListOptions(predicate, nz(q.get("resourceVersion")), nz(q.get("resourceVersionMatch")),
        Math.max(0, limit), nz(q.get("continue")), bookmarks, timeout, initialEvents);
    validate(options, isWatch(q));
    return options;
  }

  private static void validate(ListOptions o, boolean watch) {
    List<StatusCause> causes = new ArrayList<>();
    String match = o.resourceVersionMatch();
    if (watch) {
      if (o.sendInitialEvents() != null && !match.equals("NotOlderThan")) {
        causes.add(forbidden("resourceVersionMatch",
            "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
      }
      if (!match.isEmpty()) {
        if (o.sendInitialEvents() == null) {
          causes.add(forbidden("resourceVersionMatch",
              "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
        }
        if (!match.equals("NotOlderThan")) {
          causes.add(StatusCause.notSupported("resourceVersionMatch", match, List.of("NotOlderThan")));
        }
        if (!o.continueToken().isEmpty()) {
          causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        }
      }
    } else {
      if (!match.isEmpty()) {
        if (o.resourceVersion().isEmpty()) {
          causes.add(forbidden("resourceVersionMatch",
              "resourceVersionMatch is forbidden unless resourceVersion is provided"));
        }
        if (!o.continueToken().isEmpty()) {
          causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
        }
        if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
          causes.add(StatusCause.notSupported("resourceVersionMatch", match, List.of("Exact", "NotOlderThan", "")));
        }
        if (match.equals("Exact") && o.resourceVersion().equals("0")) {
          causes.add(forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
      }
      if (o.sendInitialEvents() != null) {
        causes.add(forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
      }
    }
    if (!causes.isEmpty()) throw ApiException.invalid("meta.k8s.io", "ListOptions", "", causes);
  }

  private static StatusCause forbidden(String field, String detail) {
    return StatusCause.forbidden(field, detail);
  }

  /** Go's strconv.ParseBool, which the query decoder uses: null when absent, 400 when malformed. */
  static Boolean goBool(String value, String name) {
    if (value == null || value.isEmpty()) return null;
    switch (value) {
      case "1", "t", "T", "TRUE", "true", "True":
        return true;
      case "0", "f", "F", "FALSE", "false", "False":
        return false;
      default:
        throw ApiException.badRequest(name + ": Invalid value: \"" + value + "\": strconv.ParseBool: parsing \""
            + value + "\": invalid syntax");
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}

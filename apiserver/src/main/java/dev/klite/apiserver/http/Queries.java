package dev.klite.apiserver.http;

import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.selector.SelectionPredicate;
import io.vertx.core.MultiMap;

/** Query parameters of list and watch requests (metav1.ListOptions). */
final class Queries {
  private Queries() {}

  static boolean isWatch(MultiMap q) {
    String w = q.get("watch");
    return w != null && (w.equals("true") || w.equals("1"));
  }

  static ListOptions listOptions(MultiMap q, ResourceDefinition def) {
    SelectionPredicate predicate = SelectionPredicate.parse(def, q.get("labelSelector"), q.get("fieldSelector"));
    long limit = q.contains("limit") && !q.get("limit").isEmpty() ? RequestBodies.parseLong(q.get("limit"), "limit") : 0;
    Long timeout = q.contains("timeoutSeconds") && !q.get("timeoutSeconds").isEmpty()
        ? RequestBodies.parseLong(q.get("timeoutSeconds"), "timeoutSeconds") : null;
    String bookmarks = q.get("allowWatchBookmarks");
    return new ListOptions(predicate, nz(q.get("resourceVersion")), nz(q.get("resourceVersionMatch")),
        Math.max(0, limit), nz(q.get("continue")), "true".equals(bookmarks) || "1".equals(bookmarks), timeout);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}

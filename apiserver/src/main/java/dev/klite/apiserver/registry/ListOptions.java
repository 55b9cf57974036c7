package dev.klite.apiserver.registry;

import dev.klite.apiserver.selector.SelectionPredicate;

/**
 * The options of a list or watch (metav1.ListOptions).
 *
 * @param predicate label and field selector
 * @param resourceVersion "" (most recent, consistent), "0" (any) or a revision
 * @param resourceVersionMatch "", "NotOlderThan" or "Exact"
 * @param limit page size; 0 = all
 * @param continueToken the {@code continue} of the previous page, or ""
 * @param allowWatchBookmarks whether a watch sends BOOKMARK events
 * @param timeoutSeconds watch duration, or null for "until the client goes"
 * @param sendInitialEvents a watch's {@code sendInitialEvents}: null (unset), true or false
 */
public record ListOptions(
    SelectionPredicate predicate,
    String resourceVersion,
    String resourceVersionMatch,
    long limit,
    String continueToken,
    boolean allowWatchBookmarks,
    Long timeoutSeconds,
    Boolean sendInitialEvents) {

  public ListOptions(SelectionPredicate predicate, String resourceVersion, String resourceVersionMatch, long limit,
      String continueToken, boolean allowWatchBookmarks, Long timeoutSeconds) {
    this(predicate, resourceVersion, resourceVersionMatch, limit, continueToken, allowWatchBookmarks, timeoutSeconds,
        null);
  }

  public static ListOptions everything(ResourceDefinition def) {
    return new ListOptions(SelectionPredicate.everything(def), "", "", 0, "", false, null);
  }
}

package dev.klite.apiserver.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a list.
 *
 * @param items matching objects in key order, each with its resourceVersion
 * @param revision the revision the list was read at (the list's resourceVersion)
 * @param continueToken the token for the next page, or "" when this is the last
 * @param remainingItemCount objects after this page when known (no selector), else null
 */
public record ListResult(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount) {
  public ListResult {
    items = List.copyOf(items);
  }
}

package dev.klite.controller.discovery;

import java.util.List;
import java.util.Optional;

/**
 * The API server's resource types (client-go's {@code ServerPreferredResources}): for every group
 * its preferred version only. Called on worker threads; blocks on HTTP.
 */
public interface Discovery {

  /**
   * Lists the preferred-version resource types of all groups. A group whose resource list cannot
   * be read is skipped and reported in {@link Snapshot#failure()}, as client-go's
   * {@code ErrGroupDiscoveryFailed} is a partial result, not a total failure.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if even the group list fails
   */
  Snapshot discover();

  /**
   * @param types the resource types that could be read
   * @param failedGroups group versions whose resource list failed, with the error text
   */
  record Snapshot(List<ResourceType> types, List<String> failedGroups) {

    public Snapshot {
      types = List.copyOf(types);
      failedGroups = List.copyOf(failedGroups);
    }

    /**
     * The text of client-go's {@code ErrGroupDiscoveryFailed}
     * ({@code unable to retrieve the complete list of server APIs: <gv>: <err>, ...}).
     */
    public Optional<String> failure() {
      return failedGroups.isEmpty() ? Optional.empty()
          : Optional.of("unable to retrieve the complete list of server APIs: " + String.join(", ", failedGroups));
    }

    /** Namespaced types that support {@code verb}. */
    public List<ResourceType> namespaced(String verb) {
      return types.stream().filter(t -> t.namespaced() && t.supports(verb)).toList();
    }
  }
}

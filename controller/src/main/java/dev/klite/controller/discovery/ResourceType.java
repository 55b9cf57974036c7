package dev.klite.controller.discovery;

import java.util.List;
import java.util.Objects;

/**
 * One resource type as the API server's discovery lists it (client-go's {@code metav1.APIResource}
 * plus its group/version). Subresources ({@code pods/status}) are never represented.
 *
 * @param group API group, {@code ""} for core
 * @param version API version, e.g. {@code v1}
 * @param resource plural resource name, e.g. {@code pods}
 * @param kind the kind, e.g. {@code Pod}
 * @param namespaced whether objects live in namespaces
 * @param verbs the verbs discovery advertises
 */
public record ResourceType(String group, String version, String resource, String kind, boolean namespaced,
    List<String> verbs) {

  public ResourceType {
    group = group == null ? "" : group;
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(kind, "kind");
    verbs = verbs == null ? List.of() : List.copyOf(verbs);
  }

  /** {@code v1} or {@code batch/v1}, as ownerReferences and {@code apiVersion} spell it. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public boolean supports(String verb) {
    return verbs.contains(verb);
  }

  /**
   * The way client-go prints a {@code schema.GroupVersionResource} ({@code /v1, Resource=pods},
   * {@code batch/v1, Resource=jobs}); upstream puts it into namespace deletion error messages.
   */
  public String gvrString() {
    return group + "/" + version + ", Resource=" + resource;
  }

  /** {@code pods.} or {@code jobs.batch}: the {@code resource.group} form of namespace conditions. */
  public String resourceDotGroup() {
    return resource + "." + group;
  }
}

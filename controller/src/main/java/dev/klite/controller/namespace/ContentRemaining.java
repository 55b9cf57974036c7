package dev.klite.controller.namespace;

import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure: what is left of one resource type after a delete pass, and how long to wait for it
 * (upstream {@code deleteAllContentForGroupVersionResource} and
 * {@code estimateGracefulTerminationForPods} in
 * {@code pkg/controller/namespace/deletion/namespaced_resources_deleter.go}).
 *
 * @param estimateSeconds how long until this content is probably gone
 * @param remaining objects still listed
 * @param finalizers finalizer → objects still carrying it
 * @param error set when objects remain that nothing explains (no finalizer, no grace period)
 */
public record ContentRemaining(long estimateSeconds, int remaining, Map<String, Integer> finalizers,
    Optional<String> error) {

  /** Upstream's default wait when content is held by finalizers. */
  static final long FINALIZER_ESTIMATE_SECONDS = 15;

  public ContentRemaining {
    finalizers = Map.copyOf(finalizers);
  }

  static ContentRemaining none() {
    return new ContentRemaining(0, 0, Map.of(), Optional.empty());
  }

  /**
   * @param gracefulEstimate seconds from {@link #podGracePeriodEstimate} taken before the delete
   *     (0 for other types)
   * @param left the objects listed after the delete
   */
  static ContentRemaining of(ResourceType type, String namespace, long gracefulEstimate,
      List<GenericKubernetesResource> left) {
    if (left.isEmpty()) {
      return none();
    }
    Map<String, Integer> finalizers = new TreeMap<>();
    for (GenericKubernetesResource o : left) {
      List<String> f = o.getMetadata().getFinalizers();
      if (f != null) {
        f.forEach(name -> finalizers.merge(name, 1, Integer::sum));
      }
    }
    if (gracefulEstimate != 0) {
      return new ContentRemaining(gracefulEstimate, left.size(), finalizers, Optional.empty());
    }
    if (!finalizers.isEmpty()) {
      return new ContentRemaining(FINALIZER_ESTIMATE_SECONDS, left.size(), finalizers, Optional.empty());
    }
    return new ContentRemaining(0, left.size(), finalizers, Optional.of(
        "unexpected items still remain in namespace: " + namespace + " for gvr: " + type.gvrString()));
  }

  /**
   * The longest {@code terminationGracePeriodSeconds} of the pods that are not terminal yet; a
   * pod without one counts 0 as upstream (the API server defaults it to 30).
   */
  static long podGracePeriodEstimate(List<GenericKubernetesResource> pods) {
    long estimate = 0;
    for (GenericKubernetesResource p : pods) {
      Object phase = p.get("status", "phase");
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      if (p.get("spec", "terminationGracePeriodSeconds") instanceof Number grace && grace.longValue() > estimate) {
        estimate = grace.longValue();
      }
    }
    return estimate;
  }
}

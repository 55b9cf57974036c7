package dev.klite.apiserver.registry;

import dev.klite.apiserver.errors.StatusCause;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-resource rules on top of the generic registry, in the shape of upstream's
 * RESTCreateStrategy / RESTUpdateStrategy (staging/src/k8s.io/apiserver/pkg/registry/rest).
 * All methods are pure: they edit or inspect the given trees, never do I/O.
 *
 * <p>The registry has already set the generic metadata (uid, creationTimestamp, namespace,
 * generateName) when these are called. Validation returns causes; an empty list means valid.
 */
public interface ResourceStrategy {

  /** Clears fields users may not set on create (usually {@code status}) and applies defaults. */
  default void prepareForCreate(ObjectNode object) {}

  /**
   * Carries over what a main-resource update may not change (usually {@code status} from
   * {@code old}) and applies defaults.
   */
  default void prepareForUpdate(ObjectNode object, ObjectNode old) {}

  default List<StatusCause> validate(ObjectNode object) {
    return List.of();
  }

  default List<StatusCause> validateUpdate(ObjectNode object, ObjectNode old) {
    return List.of();
  }

  /** For the {@code status} subresource: keep everything but {@code status} from {@code old}. */
  default void prepareForStatusUpdate(ObjectNode object, ObjectNode old) {}

  default List<StatusCause> validateStatusUpdate(ObjectNode object, ObjectNode old) {
    return List.of();
  }

  /** Whether a main-resource update bumps {@code metadata.generation} (spec changed). */
  default boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }

  /** Warnings returned in {@code Warning} headers on create/update (e.g. deprecations). */
  default List<String> warningsOnCreate(ObjectNode object) {
    return List.of();
  }

  /** Warnings returned in {@code Warning} headers on update (main resource and status). */
  default List<String> warningsOnUpdate(ObjectNode object, ObjectNode old) {
    return List.of();
  }

  /**
   * The grace period of a DELETE, as upstream's RESTGracefulDeleteStrategy.CheckGracefulDelete
   * (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go). Empty (the default) deletes at
   * once (after finalizers). A positive value makes the registry set {@code deletionTimestamp =
   * now + value} and {@code deletionGracePeriodSeconds = value} and keep the object; 0 deletes at
   * once. Pods answer a positive period when scheduled and not terminal.
   *
   * @param requestedGracePeriod {@code gracePeriodSeconds} of the DeleteOptions, or null
   */
  default java.util.OptionalLong deletionGracePeriodSeconds(ObjectNode object, Long requestedGracePeriod) {
    return java.util.OptionalLong.empty();
  }

  /**
   * The propagation policy when a DELETE names none ({@code Background}, {@code Orphan} or
   * {@code Foreground}); upstream's DefaultGarbageCollectionPolicy. batch/v1 Jobs answer Orphan.
   */
  default String defaultPropagationPolicy() {
    return "Background";
  }

  /** Warnings added to a DELETE that fell back to {@link #defaultPropagationPolicy()}. */
  default List<String> defaultPropagationWarnings() {
    return List.of();
  }

  /**
   * Whether something kind-specific still holds an object whose deletion is due, beyond
   * {@code metadata.finalizers}. Namespaces answer true while {@code spec.finalizers} is not
   * empty (pkg/registry/core/namespace/storage/storage.go ShouldDeleteNamespaceDuringUpdate).
   */
  default boolean holdsDeletion(ObjectNode object) {
    return false;
  }
}

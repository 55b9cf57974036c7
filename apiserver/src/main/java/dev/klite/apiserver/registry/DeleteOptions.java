package dev.klite.apiserver.registry;

/**
 * The options of a DELETE (metav1.DeleteOptions), merged from the body and the query.
 *
 * @param gracePeriodSeconds requested grace period, or null
 * @param propagationPolicy "Orphan", "Background", "Foreground", or null
 * @param orphanDependents the deprecated boolean, or null
 * @param preconditionUid {@code preconditions.uid}, or null
 * @param preconditionResourceVersion {@code preconditions.resourceVersion}, or null
 * @param dryRun whether nothing is written
 */
public record DeleteOptions(
    Long gracePeriodSeconds,
    String propagationPolicy,
    Boolean orphanDependents,
    String preconditionUid,
    String preconditionResourceVersion,
    boolean dryRun) {

  public static DeleteOptions defaults() {
    return new DeleteOptions(null, null, null, null, null, false);
  }
}

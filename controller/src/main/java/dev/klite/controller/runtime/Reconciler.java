package dev.klite.controller.runtime;

/**
 * A level-triggered sync of one object, as upstream's {@code syncHandler(ctx, key)}.
 *
 * <p>Called on a {@link ControllerLoop} worker thread, never concurrently for the same key; it may
 * block on API calls. It must be idempotent: it reads current state from listers, copies before
 * it edits, and writes with the {@code resourceVersion} it read. A thrown
 * {@code KubernetesClientException} with code 409 makes the loop retry the key at once; any
 * other exception retries it with per-key exponential backoff.
 */
@FunctionalInterface
public interface Reconciler {

  Result reconcile(ObjectKey key) throws Exception;
}

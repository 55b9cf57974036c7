package dev.klite.controller.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, deletes and finalizer removals a controller has issued but not yet seen in its
 * informer cache, per owner key (upstream {@code pkg/controller/controller_utils.go}
 * {@code ControllerExpectations} and {@code UIDTrackingControllerExpectations}, plus the Job
 * controller's {@code uidTrackingExpectations} in {@code pkg/controller/job/tracking_utils.go}).
 *
 * <p>While an owner's creations or deletions are unsatisfied the owner must not create or delete
 * more pods: the cache may not show the ones just made, and acting on it would create duplicates.
 * Records expire after {@code ttl} (upstream 5 minutes) so a lost watch event cannot stall an owner
 * forever. Thread-safe: informer threads observe, worker threads expect.
 */
public final class Expectations {

  /** Upstream {@code ExpectationsTimeout}. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private final Clock clock;
  private final Duration ttl;
  private final Map<ObjectKey, Counts> counts = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Set<String>> finalizerRemovals = new ConcurrentHashMap<>();

  public Expectations(Clock clock, Duration ttl) {
    this.clock = Objects.requireNonNull(clock);
    this.ttl = Objects.requireNonNull(ttl);
  }

  private static final class Counts {
    int adds;
    int dels;
    Instant timestamp;
  }

  /** Replaces the owner's record with {@code adds} pending creations. */
  public void expectCreations(ObjectKey owner, int adds) {
    set(owner, adds, 0);
  }

  /** Replaces the owner's record with {@code dels} pending deletions. */
  public void expectDeletions(ObjectKey owner, int dels) {
    set(owner, 0, dels);
  }

  private void set(ObjectKey owner, int adds, int dels) {
    Counts c = new Counts();
    c.adds = adds;
    c.dels = dels;
    c.timestamp = clock.instant();
    counts.put(owner, c);
  }

  /** An informer saw one of the owner's pods created, or a create call failed. */
  public void creationObserved(ObjectKey owner) {
    counts.computeIfPresent(owner, (k, c) -> {
      c.adds = Math.max(0, c.adds - 1);
      return c;
    });
  }

  /** An informer saw one of the owner's pods deleted (or marked for deletion), or a delete failed. */
  public void deletionObserved(ObjectKey owner) {
    counts.computeIfPresent(owner, (k, c) -> {
      c.dels = Math.max(0, c.dels - 1);
      return c;
    });
  }

  /** True if nothing is pending for the owner, or its record has expired. */
  public boolean satisfied(ObjectKey owner) {
    Counts c = counts.get(owner);
    if (c == null) {
      return true;
    }
    synchronized (c) {
      return (c.adds <= 0 && c.dels <= 0) || !c.timestamp.plus(ttl).isAfter(clock.instant());
    }
  }

  /** Pod UIDs whose tracking-finalizer removal was sent but not yet observed. */
  public void expectFinalizerRemovals(ObjectKey owner, Collection<String> podUids) {
    finalizerRemovals.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet()).addAll(podUids);
  }

  /** The informer saw the pod without the finalizer, or gone, or the patch failed. */
  public void finalizerRemovalObserved(ObjectKey owner, String podUid) {
    Set<String> s = finalizerRemovals.get(owner);
    if (s != null) {
      s.remove(podUid);
    }
  }

  public Set<String> expectedFinalizerRemovals(ObjectKey owner) {
    Set<String> s = finalizerRemovals.get(owner);
    return s == null ? Set.of() : Set.copyOf(new HashSet<>(s));
  }

  /** Drops everything known about the owner (it was deleted). */
  public void delete(ObjectKey owner) {
    counts.remove(owner);
    finalizerRemovals.remove(owner);
  }
}

package dev.klite.kubelet.pod;

import java.time.Duration;

/**
 * When a pod's volume set-up is tried again after it failed: the volume manager's per-operation exponential
 * back-off ({@code pkg/util/goroutinemap/exponentialbackoff/exponential_backoff.go}: 500 ms, doubling, at most
 * 2 min 2 s), reset by a set-up that succeeds. A ConfigMap, Secret or token that appears shortly after the pod (the
 * namespace's {@code kube-root-ca.crt} is published right after the namespace) is thus picked up within a second,
 * not after the container restart back-off. Not thread-safe: owned by one pod worker.
 */
final class MountRetry {
  static final Duration INITIAL = Duration.ofMillis(500);
  static final Duration MAX = Duration.ofMinutes(2).plusSeconds(2);

  private Duration next = INITIAL;

  /** The delay before the next attempt after a failure; each failure doubles the following one. */
  Duration failed() {
    Duration d = next;
    next = next.multipliedBy(2).compareTo(MAX) > 0 ? MAX : next.multipliedBy(2);
    return d;
  }

  /** A successful set-up starts the back-off over. */
  void succeeded() {
    next = INITIAL;
  }
}

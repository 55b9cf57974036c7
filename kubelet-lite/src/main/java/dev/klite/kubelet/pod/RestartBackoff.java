package dev.klite.kubelet.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The kubelet's per-container restart back-off ({@code k8s.io/client-go/util/flowcontrol/backoff.go} as used by
 * {@code pkg/kubelet/kuberuntime/kuberuntime_manager.go} doBackOff): the first restart after a crash is immediate
 * and records the base delay; a container that crashes again within the current delay waits it out, and each
 * restart doubles the delay up to the cap. An entry older than twice the cap is forgotten. Not thread-safe: owned by
 * one pod worker. Jitter is left out so that behaviour is reproducible.
 */
public final class RestartBackoff {
  private final Duration base;
  private final Duration max;
  private final Map<String, Entry> entries = new HashMap<>();

  private record Entry(Duration backoff, Instant lastUpdate) {}

  public RestartBackoff(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  /** Whether a container that finished at {@code finishedAt} must still wait at {@code now}. */
  public boolean isInBackOffSince(String key, Instant finishedAt, Instant now) {
    Entry e = entries.get(key);
    if (e == null || hasExpired(finishedAt, e.lastUpdate)) {
      return false;
    }
    return Duration.between(finishedAt, now).compareTo(e.backoff) < 0;
  }

  /** Records a restart at {@code now} and grows the delay. */
  public void next(String key, Instant finishedAt, Instant now) {
    Entry e = entries.get(key);
    Duration d;
    if (e == null || hasExpired(finishedAt, e.lastUpdate)) {
      d = base;
    } else {
      d = e.backoff.multipliedBy(2);
      if (d.compareTo(max) > 0) {
        d = max;
      }
    }
    entries.put(key, new Entry(d, now));
  }

  /** The current delay for {@code key} (the base when unknown), as shown in CrashLoopBackOff messages. */
  public Duration get(String key) {
    Entry e = entries.get(key);
    return e == null ? base : e.backoff;
  }

  private boolean hasExpired(Instant eventTime, Instant lastUpdate) {
    return Duration.between(lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
  }
}

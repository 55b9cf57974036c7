package dev.klite.controller.ttl;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/** Side-effect seam of the TTL controller. Worker thread; blocks on one API call. */
public interface JobDeleter {

  /** Live GET of the Job, bypassing the cache (upstream re-reads before deleting). */
  Optional<Job> get(String namespace, String name);

  /** DELETE with {@code propagationPolicy: Foreground}; a missing Job is not an error. */
  void deleteForeground(Job job);
}

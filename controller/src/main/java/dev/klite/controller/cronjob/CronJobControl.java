package dev.klite.controller.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Optional;

/**
 * Side-effect seam of the CronJob controller (upstream {@code pkg/controller/cronjob/injection.go}
 * {@code cjControlInterface} and {@code jobControlInterface} in one). Worker threads; each method
 * blocks on one API call and throws {@link io.fabric8.kubernetes.client.KubernetesClientException}
 * on failure.
 */
public interface CronJobControl {

  /** PUT {@code cronjobs/{name}/status} with the object's resourceVersion (409 if stale). */
  CronJob updateStatus(CronJob cronJob);

  /** POST the Job; 409 AlreadyExists if a Job of that name exists. */
  Job createJob(String namespace, Job job);

  /** Live GET of a Job; empty if it does not exist. */
  Optional<Job> getJob(String namespace, String name);

  /** DELETE the Job with {@code propagationPolicy: Background}; a missing Job is not an error. */
  void deleteJob(String namespace, String name);
}

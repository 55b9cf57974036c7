package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** Side-effect seam for Job writes (upstream {@code pkg/controller/cronjob/injection.go} shape). */
public interface JobControl {

  /**
   * PUT {@code jobs/{name}/status} with the Job's resourceVersion. Called on a worker thread;
   * blocks on the API call.
   *
   * @return the Job as stored, with its new resourceVersion
   * @throws io.fabric8.kubernetes.client.KubernetesClientException 409 if the resourceVersion is
   *     stale, 404 if the Job is gone
   */
  Job updateStatus(Job job);

  /** Live GET (not the cache), used to re-check a Job before it adopts pods. Empty if absent. */
  java.util.Optional<Job> get(String namespace, String name);
}

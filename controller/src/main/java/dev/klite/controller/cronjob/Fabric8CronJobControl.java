package dev.klite.controller.cronjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/** {@link CronJobControl} through fabric8. */
public final class Fabric8CronJobControl implements CronJobControl {

  private final KubernetesClient client;

  public Fabric8CronJobControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public CronJob updateStatus(CronJob cronJob) {
    return client.batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(cronJob)
        .updateStatus();
  }

  @Override
  public Job createJob(String namespace, Job job) {
    return client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
  }

  @Override
  public Optional<Job> getJob(String namespace, String name) {
    return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void deleteJob(String namespace, String name) {
    client.batch().v1().jobs().inNamespace(namespace).withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }
}

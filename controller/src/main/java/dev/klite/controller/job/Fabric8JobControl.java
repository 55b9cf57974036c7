package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** {@link JobControl} through fabric8: {@code updateStatus} PUTs the status subresource with the
 *  object's resourceVersion, so a stale copy gets 409. */
public final class Fabric8JobControl implements JobControl {

  private final KubernetesClient client;

  public Fabric8JobControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public Job updateStatus(Job job) {
    return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).updateStatus();
  }

  @Override
  public java.util.Optional<Job> get(String namespace, String name) {
    return java.util.Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
  }
}

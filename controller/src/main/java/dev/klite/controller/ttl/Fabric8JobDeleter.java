package dev.klite.controller.ttl;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link JobDeleter} through fabric8. fabric8's DSL cannot combine a propagation policy with a
 * delete precondition, so the uid is checked by the live GET just before the DELETE instead of by
 * the API server (upstream sends {@code preconditions.uid}); the window between them is small.
 */
public final class Fabric8JobDeleter implements JobDeleter {

  private final KubernetesClient client;

  public Fabric8JobDeleter(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public Optional<Job> get(String namespace, String name) {
    return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
  }

  @Override
  public void deleteForeground(Job job) {
    client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();
  }
}

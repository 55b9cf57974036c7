package dev.klite.controller.scheduler;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/**
 * {@link PodBinder} through fabric8. {@code client.bindings()} POSTs to
 * {@code /api/v1/namespaces/{ns}/bindings}, which upstream (and klite) serve like the
 * {@code pods/{name}/binding} subresource.
 */
public final class Fabric8PodBinder implements PodBinder {

  private final KubernetesClient client;

  public Fabric8PodBinder(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public void bind(Pod pod, String nodeName) {
    client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding(pod, nodeName)).create();
  }

  static Binding binding(Pod pod, String nodeName) {
    return new BindingBuilder()
        .withNewMetadata()
          .withName(pod.getMetadata().getName())
          .withNamespace(pod.getMetadata().getNamespace())
          .withUid(pod.getMetadata().getUid())
        .endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
        .build();
  }

  @Override
  public void updateStatus(Pod pod) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }
}

package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;

/** Records pod creates, deletes and finalizer removals; names created pods {@code <generateName>N}. */
final class FakePodControl implements PodControl {

  final List<Pod> created = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  final List<String> finalizersRemoved = new ArrayList<>();
  private int counter;

  /** When set, every create fails with it. */
  io.fabric8.kubernetes.client.KubernetesClientException failCreate;

  @Override
  public Pod create(String namespace, Pod pod) {
    if (failCreate != null) {
      throw failCreate;
    }
    Pod stored = new PodBuilder(pod).editMetadata()
        .withName(pod.getMetadata().getGenerateName() + (counter++))
        .withUid("created-" + counter).endMetadata().build();
    created.add(stored);
    return stored;
  }

  @Override
  public void delete(String namespace, String name) {
    deleted.add(name);
  }

  final List<String> adopted = new ArrayList<>();

  @Override
  public Pod adopt(Pod pod, io.fabric8.kubernetes.api.model.batch.v1.Job job) {
    adopted.add(pod.getMetadata().getName());
    return new PodBuilder(pod).editMetadata().addToOwnerReferences(PodTemplates.controllerRef(job))
        .addToFinalizers(JobPods.TRACKING_FINALIZER).endMetadata().build();
  }

  @Override
  public void removeTrackingFinalizer(Pod pod) {
    finalizersRemoved.add(pod.getMetadata().getName());
  }

  final List<String> released = new ArrayList<>();

  @Override
  public void release(Pod pod, io.fabric8.kubernetes.api.model.batch.v1.Job job) {
    released.add(pod.getMetadata().getName());
  }
}

package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records status writes and final deletes. */
final class FakePodApi implements PodApi {
  final List<PodStatus> statuses = new CopyOnWriteArrayList<>();
  final List<String> deleted = new CopyOnWriteArrayList<>();

  @Override
  public Optional<Pod> writeStatus(Pod pod, PodStatus status) {
    statuses.add(status);
    return Optional.of(new PodBuilder(pod).withStatus(status).build());
  }

  @Override
  public void deleteFinally(Pod pod) {
    deleted.add(pod.getMetadata().getUid());
  }

  PodStatus last() {
    return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
  }
}

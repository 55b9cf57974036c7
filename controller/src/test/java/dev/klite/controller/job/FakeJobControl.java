package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/** Records every status write (as a deep copy) and bumps the resourceVersion like a server. */
final class FakeJobControl implements JobControl {

  final List<Job> writes = new ArrayList<>();
  KubernetesClientException failWith;

  @Override
  public Job updateStatus(Job job) {
    if (failWith != null) {
      throw failWith;
    }
    Job stored = new JobBuilder(job).build();
    long rv = Long.parseLong(job.getMetadata().getResourceVersion());
    stored.getMetadata().setResourceVersion(Long.toString(rv + 1));
    writes.add(stored);
    return new JobBuilder(stored).build();
  }

  /** What a live GET returns; empty unless a test sets it. */
  java.util.Optional<Job> live = java.util.Optional.empty();

  @Override
  public java.util.Optional<Job> get(String namespace, String name) {
    return live;
  }

  Job last() {
    return writes.get(writes.size() - 1);
  }
}

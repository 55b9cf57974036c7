package dev.klite.controller.cronjob;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class FakeCronJobControl implements CronJobControl {

  final List<CronJob> statusWrites = new ArrayList<>();
  final List<Job> created = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();
  final Map<String, Job> live = new HashMap<>();

  @Override
  public CronJob updateStatus(CronJob cronJob) {
    CronJob copy = new CronJobBuilder(cronJob).build();
    String rv = cronJob.getMetadata().getResourceVersion();
    copy.getMetadata().setResourceVersion(rv == null ? "1" : Long.toString(Long.parseLong(rv) + 1));
    statusWrites.add(copy);
    return new CronJobBuilder(copy).build();
  }

  @Override
  public Job createJob(String namespace, Job job) {
    Job stored = new JobBuilder(job).editMetadata().withUid("uid-" + job.getMetadata().getName())
        .withResourceVersion("1").endMetadata().build();
    created.add(stored);
    live.put(stored.getMetadata().getName(), stored);
    return stored;
  }

  @Override
  public Optional<Job> getJob(String namespace, String name) {
    return Optional.ofNullable(live.get(name));
  }

  @Override
  public void deleteJob(String namespace, String name) {
    deleted.add(name);
    live.remove(name);
  }

  CronJob lastStatus() {
    return statusWrites.get(statusWrites.size() - 1);
  }
}

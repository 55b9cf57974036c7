package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.Selectable;
import dev.klite.apiserver.table.CronJobTable;
import dev.klite.apiserver.table.JobTable;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** batch/v1 Jobs and CronJobs (pkg/registry/batch/job, pkg/registry/batch/cronjob). */
public final class BatchV1Resources {
  private BatchV1Resources() {}

  public static List<ResourceDefinition> all() {
    return List.of(
        new ResourceDefinition("batch", "v1", "Job", "jobs", "job", List.of(), List.of("all"), true,
            ResourceDefinition.ALL_VERBS, Set.of("status"), new JobStrategy(), new JobTable(),
            Map.of("status.successful", Selectable.integer("status.succeeded")), Job.class),
        new ResourceDefinition("batch", "v1", "CronJob", "cronjobs", "cronjob", List.of("cj"), List.of("all"), true,
            ResourceDefinition.ALL_VERBS, Set.of("status"), new CronJobStrategy(), new CronJobTable(), Map.of(),
            CronJob.class));
  }
}

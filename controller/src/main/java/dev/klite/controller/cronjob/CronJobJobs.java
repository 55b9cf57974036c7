package dev.klite.controller.cronjob;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure helpers about the Jobs a CronJob owns (job-semantics.md §4.6; upstream
 * {@code pkg/controller/cronjob/utils.go} {@code getJobFromTemplate2}, {@code getTimeHashInMinutes},
 * {@code getRef}, {@code IsJobFinished}).
 */
public final class CronJobJobs {

  public static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";

  private CronJobJobs() {}

  /** {@code <cronjob>-<scheduled unix minutes>}: deterministic, so a retried create collides. */
  public static String jobName(CronJob cronJob, Instant scheduled) {
    return cronJob.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
  }

  public static Job newJob(CronJob cronJob, Instant scheduled, ZoneId zone) {
    ObjectMeta tm = cronJob.getSpec().getJobTemplate().getMetadata();
    Map<String, String> labels = tm == null || tm.getLabels() == null ? null : new LinkedHashMap<>(tm.getLabels());
    Map<String, String> annotations = new LinkedHashMap<>(tm == null || tm.getAnnotations() == null ? Map.of()
        : tm.getAnnotations());
    annotations.put(SCHEDULED_TIMESTAMP, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(scheduled.atZone(zone))
        .replace("+00:00", "Z"));
    return new JobBuilder()
        .withNewMetadata()
          .withName(jobName(cronJob, scheduled))
          .withNamespace(cronJob.getMetadata().getNamespace())
          .withLabels(labels)
          .withAnnotations(annotations)
          .withOwnerReferences(controllerRef(cronJob))
        .endMetadata()
        .withSpec(new JobSpecBuilder(cronJob.getSpec().getJobTemplate().getSpec()).build())
        .build();
  }

  static OwnerReference controllerRef(CronJob cronJob) {
    return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
        .withApiVersion("batch/v1").withKind("CronJob")
        .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true)
        .build();
  }

  /** The {@code status.active} entry for a Job. */
  public static ObjectReference reference(Job job) {
    return new ObjectReferenceBuilder()
        .withApiVersion("batch/v1").withKind("Job")
        .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
        .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion())
        .build();
  }

  /** {@code Complete} or {@code Failed} if the Job has that condition True. */
  public static Optional<String> finishedType(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()))
        .map(c -> c.getType()).findFirst();
  }

  public static boolean isControlledBy(Job job, CronJob cronJob) {
    List<OwnerReference> refs = job.getMetadata().getOwnerReferences();
    return refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController())
        && cronJob.getMetadata().getUid().equals(r.getUid()));
  }
}

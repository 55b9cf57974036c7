package dev.klite.controller.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.FakeEventRecorder;
import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CronJobReconcilerTest {

  /** 10:07:30; the CronJob was created at 10:00 and runs every 5 minutes, so 10:05 is due. */
  private static final Instant NOW = Instant.parse("2026-03-01T10:07:30Z");
  private static final Instant DUE = Instant.parse("2026-03-01T10:05:00Z");

  private final FakeLister<CronJob> cronJobs = new FakeLister<>();
  private final FakeLister<Job> jobs = new FakeLister<>();
  private final FakeCronJobControl control = new FakeCronJobControl();
  private final FakeEventRecorder recorder = new FakeEventRecorder();
  private final CronJobReconciler reconciler =
      new CronJobReconciler(cronJobs, jobs, control, recorder, Clock.fixed(NOW, ZoneOffset.UTC));
  private final ObjectKey key = new ObjectKey("ns", "hello");

  static CronJob cronJob() {
    return new CronJobBuilder()
        .withNewMetadata().withNamespace("ns").withName("hello").withUid("cj-uid")
          .withCreationTimestamp("2026-03-01T10:00:00Z").withResourceVersion("5").addToLabels("own", "not-copied")
        .endMetadata()
        .withNewSpec().withSchedule("*/5 * * * *").withConcurrencyPolicy("Allow")
          .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
          .withNewJobTemplate()
            .withNewMetadata().addToLabels("app", "hello").addToAnnotations("a", "b").endMetadata()
            .withNewSpec().withBackoffLimit(2).withNewTemplate().withNewSpec().withRestartPolicy("Never")
              .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
            .endSpec()
          .endJobTemplate()
        .endSpec()
        .build();
  }

  static Job child(String name, String finished, String startTime) {
    JobBuilder b = new JobBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid("uid-" + name)
        .addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob").withName("hello").withUid("cj-uid")
          .withController(true).endOwnerReference()
        .endMetadata();
    b.withNewStatus().withStartTime(startTime).endStatus();
    if (finished != null) {
      b.editStatus().addNewCondition().withType(finished).withStatus("True").endCondition()
          .withCompletionTime("Complete".equals(finished) ? startTime : null).endStatus();
    }
    return b.build();
  }

  @Test
  void createsTheDueJobAndRecordsItAsActive() {
    cronJobs.put(cronJob());

    Result r = reconciler.reconcile(key);

    long minutes = DUE.getEpochSecond() / 60;
    assertThat(control.created).singleElement().satisfies(j -> {
      assertThat(j.getMetadata().getName()).isEqualTo("hello-" + minutes);
      assertThat(j.getMetadata().getLabels()).containsExactly(java.util.Map.entry("app", "hello"));
      assertThat(j.getMetadata().getAnnotations()).containsEntry("a", "b")
          .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-03-01T10:05:00Z");
      assertThat(j.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getKind()).isEqualTo("CronJob");
        assertThat(o.getUid()).isEqualTo("cj-uid");
        assertThat(o.getController()).isTrue();
        assertThat(o.getBlockOwnerDeletion()).isTrue();
      });
      assertThat(j.getSpec().getBackoffLimit()).isEqualTo(2);
    });
    assertThat(recorder.events).containsExactly("Normal SuccessfulCreate Created job hello-" + minutes);
    CronJob written = control.lastStatus();
    assertThat(written.getStatus().getLastScheduleTime()).isEqualTo("2026-03-01T10:05:00Z");
    assertThat(written.getStatus().getActive()).singleElement()
        .satisfies(a -> assertThat(a.getName()).isEqualTo("hello-" + minutes));
    assertThat(r.requeueDelay()).contains(Duration.ofSeconds(150).plusMillis(100));
  }

  @Test
  void nothingIsCreatedTwiceForTheSameScheduledTime() {
    CronJob cj = cronJob();
    cj.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .withLastScheduleTime("2026-03-01T10:05:00Z").build());
    cronJobs.put(cj);
    reconciler.reconcile(key);
    assertThat(control.created).isEmpty();
  }

  @Test
  void forbidSkipsWhileAJobIsActive() {
    CronJob cj = cronJob();
    cj.getSpec().setConcurrencyPolicy("Forbid");
    Job running = child("hello-1", null, "2026-03-01T10:00:00Z");
    cj.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .addToActive(CronJobJobs.reference(running)).withLastScheduleTime("2026-03-01T10:00:00Z").build());
    cronJobs.put(cj);
    jobs.put(running);

    reconciler.reconcile(key);

    assertThat(control.created).isEmpty();
    assertThat(recorder.events).containsExactly(
        "Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid");
  }

  @Test
  void replaceDeletesTheActiveJobThenCreates() {
    CronJob cj = cronJob();
    cj.getSpec().setConcurrencyPolicy("Replace");
    Job running = child("hello-1", null, "2026-03-01T10:00:00Z");
    cj.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .addToActive(CronJobJobs.reference(running)).withLastScheduleTime("2026-03-01T10:00:00Z").build());
    cronJobs.put(cj);
    jobs.put(running);

    reconciler.reconcile(key);

    assertThat(control.deleted).containsExactly("hello-1");
    assertThat(control.created).hasSize(1);
    assertThat(recorder.events).startsWith("Normal SuccessfulDelete Deleted job hello-1");
    assertThat(control.lastStatus().getStatus().getActive()).hasSize(1);
  }

  @Test
  void finishedActiveJobIsRemovedAndLastSuccessfulTimeRecorded() {
    CronJob cj = cronJob();
    cj.getSpec().setSuspend(true);
    Job done = child("hello-1", "Complete", "2026-03-01T10:01:00Z");
    cj.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .addToActive(CronJobJobs.reference(done)).build());
    cronJobs.put(cj);
    jobs.put(done);

    reconciler.reconcile(key);

    assertThat(recorder.events).containsExactly("Normal SawCompletedJob Saw completed job: hello-1, status: Complete");
    assertThat(control.lastStatus().getStatus().getActive()).isNullOrEmpty();
    assertThat(control.lastStatus().getStatus().getLastSuccessfulTime()).isEqualTo("2026-03-01T10:01:00Z");
    assertThat(control.created).as("suspended").isEmpty();
  }

  @Test
  void historyBeyondTheLimitsIsDeletedOldestFirst() {
    CronJob cj = cronJob();
    cj.getSpec().setSuspend(true);
    cronJobs.put(cj);
    for (int i = 1; i <= 5; i++) {
      jobs.put(child("ok-" + i, "Complete", "2026-03-01T0" + i + ":00:00Z"));
    }
    jobs.put(child("bad-1", "Failed", "2026-03-01T01:30:00Z"));
    jobs.put(child("bad-2", "Failed", "2026-03-01T02:30:00Z"));

    reconciler.reconcile(key);

    assertThat(control.deleted).containsExactly("ok-1", "ok-2", "bad-1");
    assertThat(recorder.events).contains("Normal SuccessfulDelete Deleted job ok-1");
  }

  @Test
  void startingDeadlineSkipsRunsOlderThanTheDeadline() {
    CronJob cj = cronJob();
    cj.getSpec().setStartingDeadlineSeconds(60L);
    cj.getMetadata().setCreationTimestamp("2026-03-01T09:00:00Z");
    cj.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder()
        .withLastScheduleTime("2026-03-01T09:55:00Z").build());
    cronJobs.put(cj);

    reconciler.reconcile(key);

    assertThat(control.created).isEmpty();
  }

  @Test
  void unparseableScheduleIsReported() {
    CronJob cj = cronJob();
    cj.getSpec().setSchedule("not a schedule");
    cronJobs.put(cj);
    reconciler.reconcile(key);
    assertThat(recorder.events).singleElement().asString().startsWith("Warning UnparseableSchedule unparseable schedule: \"not a schedule\" : ");
  }
}

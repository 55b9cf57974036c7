package dev.klite.conformance.apps;

import static dev.klite.conformance.support.JobTimeline.has;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * job-semantics.md 7.5 through the real server: a CronJob {@code * /1 * * * *} creates
 * {@code <cj>-<unix-minutes>} at the minute, tracks it in {@code status.active}, records
 * {@code lastScheduleTime} and, once it completes, {@code lastSuccessfulTime}; with a fourth
 * successful Job the oldest is deleted, keeping 3.
 *
 * <p>klite has no injectable clock for the CronJob controller, so this waits for one real minute
 * boundary at most: the three older successful Jobs are created by the test (owned by the CronJob,
 * as the controller would have created them) while the CronJob is suspended, then it is resumed.
 */
@EnableKlite
@Execution(ExecutionMode.CONCURRENT)
class CronJobTimelineIT {
  private static final Duration NEXT_MINUTE = Duration.ofSeconds(100);
  private static final Duration STEP = Duration.ofSeconds(90);

  private static JobBuilder history(CronJob owner, String name) {
    return new JobBuilder().withNewMetadata().withName(name).withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion("batch/v1").withKind("CronJob").withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
            .withController(true).withBlockOwnerDeletion(true).build()).endMetadata()
        .withSpec(owner.getSpec().getJobTemplate().getSpec());
  }

  private static boolean about(Event e, String cronJob) {
    return e.getInvolvedObject() != null && "CronJob".equals(e.getInvolvedObject().getKind()) && cronJob.equals(e.getInvolvedObject().getName());
  }

  @Test
  void everyMinuteCronJobCreatesTracksCompletesAndTrimsHistory(KubernetesClient client, Klite klite) throws Exception {
    var cronJobs = client.batch().v1().cronjobs();
    CronJob cj = cronJobs.resource(new CronJobBuilder().withNewMetadata().withName("ticker").endMetadata()
        .withNewSpec().withSchedule("*/1 * * * *").withSuspend(true)
        .withNewJobTemplate().withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(1L).addNewContainer().withName("tick").withImage(TestPods.IMAGE)
        .withCommand("sh", "-c", "echo tick").endContainer().endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
    assertThat(cj.getSpec().getSuccessfulJobsHistoryLimit()).as("default successfulJobsHistoryLimit").isEqualTo(3);
    assertThat(cj.getSpec().getFailedJobsHistoryLimit()).as("default failedJobsHistoryLimit").isEqualTo(1);
    assertThat(cj.getSpec().getConcurrencyPolicy()).isEqualTo("Allow");

    // Three earlier successful runs, oldest first.
    for (String name : List.of("ticker-old-1", "ticker-old-2", "ticker-old-3")) {
      client.batch().v1().jobs().resource(history(cj, name).build()).create();
      await().atMost(STEP).until(() -> has(client.batch().v1().jobs().withName(name).get(), "Complete"));
    }

    RecordingWatcher<Event> events = new RecordingWatcher<>();
    RecordingWatcher<CronJob> states = new RecordingWatcher<>();
    try (Watch e = client.v1().events().watch(events); Watch s = cronJobs.withName("ticker").watch(states)) {
      cronJobs.withName("ticker").edit(c -> new CronJobBuilder(c).editSpec().withSuspend(false).endSpec().build());

      // At the minute: a Job named <cj>-<minutes since the epoch>, recorded in status.active.
      Event created = events.nextMatching(ev -> about(ev.object(), "ticker") && "SuccessfulCreate".equals(ev.object().getReason()), NEXT_MINUTE).object();
      assertThat(created.getType()).isEqualTo("Normal");
      assertThat(created.getMessage()).matches("Created job ticker-\\d+");
      assertThat(created.getSource().getComponent()).isEqualTo("cronjob-controller");
      String name = created.getMessage().substring("Created job ".length());
      CronJob scheduled = states.nextMatching(ev -> ev.object().getStatus() != null && ev.object().getStatus().getActive() != null
          && ev.object().getStatus().getActive().stream().anyMatch(r -> name.equals(r.getName())), STEP).object();
      Instant minute = Instant.parse(scheduled.getStatus().getLastScheduleTime());
      assertThat(minute.getEpochSecond() % 60).as("lastScheduleTime is a minute boundary").isZero();
      assertThat(name).isEqualTo("ticker-" + minute.getEpochSecond() / 60);
      ObjectReference ref = scheduled.getStatus().getActive().stream().filter(r -> name.equals(r.getName())).findFirst().orElseThrow();
      Job job = client.batch().v1().jobs().withName(name).get();
      assertThat(ref.getKind()).isEqualTo("Job");
      assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
      assertThat(ref.getNamespace()).isEqualTo(klite.namespace());
      assertThat(ref.getUid()).isEqualTo(job.getMetadata().getUid());
      assertThat(Instant.parse(job.getMetadata().getCreationTimestamp())).isAfterOrEqualTo(minute);
      assertThat(job.getMetadata().getAnnotations()).containsKey("batch.kubernetes.io/cronjob-scheduled-timestamp");
      assertThat(OffsetDateTime.parse(job.getMetadata().getAnnotations().get("batch.kubernetes.io/cronjob-scheduled-timestamp")).toInstant())
          .isEqualTo(minute);
      assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getKind()).isEqualTo("CronJob");
        assertThat(o.getUid()).isEqualTo(cj.getMetadata().getUid());
        assertThat(o.getController()).isTrue();
        assertThat(o.getBlockOwnerDeletion()).isTrue();
      });

      // When it completes: SawCompletedJob, out of status.active, lastSuccessfulTime = its completionTime.
      Event saw = events.nextMatching(ev -> about(ev.object(), "ticker") && "SawCompletedJob".equals(ev.object().getReason()), STEP).object();
      assertThat(saw.getType()).isEqualTo("Normal");
      assertThat(saw.getMessage()).isEqualTo("Saw completed job: " + name + ", status: Complete");
      Job completed = client.batch().v1().jobs().withName(name).get();
      CronJob after = states.nextMatching(ev -> ev.object().getStatus() != null && ev.object().getStatus().getLastSuccessfulTime() != null
          && (ev.object().getStatus().getActive() == null || ev.object().getStatus().getActive().isEmpty())
          && Instant.parse(ev.object().getStatus().getLastSuccessfulTime()).equals(Instant.parse(completed.getStatus().getCompletionTime())), STEP).object();
      assertThat(Instant.parse(after.getStatus().getLastScheduleTime())).isEqualTo(minute);

      // Four successful Jobs, limit 3: the oldest goes.
      await().atMost(STEP).untilAsserted(() -> assertThat(client.batch().v1().jobs().list().getItems())
          .extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder("ticker-old-2", "ticker-old-3", name));
      // Cleanup may run before or after SawCompletedJob in the same sync: the event may already have been taken.
      boolean deleteSeen = events.seen().stream().anyMatch(ev -> about(ev.object(), "ticker") && "SuccessfulDelete".equals(ev.object().getReason()));
      if (!deleteSeen) {
        events.nextMatching(ev -> about(ev.object(), "ticker") && "SuccessfulDelete".equals(ev.object().getReason()), STEP);
      }
      List<Event> deletes = events.seen().stream().map(RecordingWatcher.Event::object)
          .filter(ev -> about(ev, "ticker") && "SuccessfulDelete".equals(ev.getReason())).toList();
      assertThat(deletes).singleElement().satisfies(ev -> {
        assertThat(ev.getType()).isEqualTo("Normal");
        assertThat(ev.getMessage()).isEqualTo("Deleted job ticker-old-1");
      });

      assertThat(klite.kubectl("get", "cronjob", "ticker").orThrow())
          .containsPattern("(?m)^ticker\\s+\\*/1 \\* \\* \\* \\*\\s+<none>\\s+False\\s+0\\s+\\S+\\s+\\S+\\s*$");
    }
  }
}

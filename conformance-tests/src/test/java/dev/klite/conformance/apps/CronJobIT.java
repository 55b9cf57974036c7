package dev.klite.conformance.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Upstream test/e2e/apps/cronjob.go. Schedules run every minute, so the scheduling specs take one
 * to three minutes each; they run concurrently with each other (each in its own namespace).
 */
@EnableKlite
@Execution(ExecutionMode.CONCURRENT)
class CronJobIT {
  private static final Duration TWO_SCHEDULES = Duration.ofSeconds(150);

  static CronJobBuilder cronJob(String name, String policy, String script) {
    return new CronJobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withSchedule("*/1 * * * ?").withConcurrencyPolicy(policy)
        .withNewJobTemplate().withNewSpec().withParallelism(1).withCompletions(1).withBackoffLimit(6)
        .withNewTemplate().withNewSpec().withRestartPolicy("OnFailure").withTerminationGracePeriodSeconds(1L)
        .addNewContainer().withName("c").withImage(TestPods.IMAGE).withCommand("sh", "-c", script).endContainer()
        .endSpec().endTemplate().endSpec().endJobTemplate().endSpec();
  }

  private static List<Job> activeJobs(KubernetesClient client) {
    return client.batch().v1().jobs().list().getItems().stream()
        .filter(j -> j.getStatus() == null || j.getStatus().getConditions() == null || j.getStatus().getConditions().stream()
            .noneMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())))
        .toList();
  }

  @Test
  @Conformance("[sig-apps] CronJob should schedule multiple jobs concurrently")
  void cronjobShouldScheduleMultipleJobsConcurrently(KubernetesClient client) {
    client.batch().v1().cronjobs().resource(cronJob("concurrent", "Allow", "sleep 300").build()).create();
    // As upstream: wait on the CronJob's status.active (written after each Job is created), then list the Jobs.
    await().atMost(TWO_SCHEDULES).pollInterval(Duration.ofSeconds(1)).until(() -> {
      CronJob cj = client.batch().v1().cronjobs().withName("concurrent").get();
      return cj.getStatus() != null && cj.getStatus().getActive() != null && cj.getStatus().getActive().size() >= 2;
    });
    assertThat(activeJobs(client)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @Conformance("[sig-apps] CronJob should not schedule jobs when suspended [Slow]")
  void cronjobShouldNotScheduleJobsWhenSuspended(KubernetesClient client) {
    client.batch().v1().cronjobs().resource(cronJob("suspended", "Allow", "sleep 300").editSpec().withSuspend(true).endSpec().build()).create();
    Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES).plusSeconds(10);
    await().during(Duration.between(Instant.now(), nextMinute)).atMost(Duration.ofSeconds(80))
        .until(() -> client.batch().v1().jobs().list().getItems().isEmpty());
    CronJob cj = client.batch().v1().cronjobs().withName("suspended").get();
    assertThat(cj.getStatus() == null || cj.getStatus().getActive() == null || cj.getStatus().getActive().isEmpty()).isTrue();
  }

  @Test
  @Conformance("[sig-apps] CronJob should not schedule new jobs when ForbidConcurrent [Slow]")
  void cronjobShouldNotScheduleNewJobsWhenForbidconcurrent(KubernetesClient client) {
    client.batch().v1().cronjobs().resource(cronJob("forbid", "Forbid", "sleep 300").build()).create();
    await().atMost(Duration.ofSeconds(80)).until(() -> activeJobs(client).size() == 1);
    Job first = activeJobs(client).get(0);
    Instant afterNext = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES).plusSeconds(10);
    await().during(Duration.between(Instant.now(), afterNext)).atMost(Duration.ofSeconds(80))
        .until(() -> client.batch().v1().jobs().list().getItems().size() == 1);
    assertThat(client.batch().v1().cronjobs().withName("forbid").get().getStatus().getActive())
        .singleElement().satisfies(ref -> assertThat(ref.getUid()).isEqualTo(first.getMetadata().getUid()));
  }

  @Test
  @Conformance("[sig-apps] CronJob should replace jobs when ReplaceConcurrent")
  void cronjobShouldReplaceJobsWhenReplaceconcurrent(KubernetesClient client) {
    client.batch().v1().cronjobs().resource(cronJob("replace", "Replace", "sleep 300").build()).create();
    await().atMost(Duration.ofSeconds(80)).until(() -> activeJobs(client).size() == 1);
    String first = activeJobs(client).get(0).getMetadata().getName();
    await().atMost(Duration.ofSeconds(80)).until(() -> {
      List<Job> active = activeJobs(client);
      return active.size() == 1 && !active.get(0).getMetadata().getName().equals(first);
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().withName(first).get() == null);
  }

  @Test
  @Conformance("[sig-apps] CronJob should support CronJob API operations")
  void cronjobShouldSupportCronjobApiOperations(KubernetesClient client, Klite klite) throws Exception {
    var cronJobs = client.batch().v1().cronjobs();
    RecordingWatcher<CronJob> w = new RecordingWatcher<>();
    try (Watch watch = cronJobs.withLabel("special-label", "api-ops").watch(w)) {
      CronJob created = cronJobs.resource(cronJob("e2e-cj", "Allow", "true").editMetadata().addToLabels("special-label", "api-ops")
          .endMetadata().editSpec().withSuspend(true).endSpec().build()).create();
      assertThat(w.next(Duration.ofSeconds(10)).action()).isEqualTo(Action.ADDED);
      assertThat(cronJobs.withName("e2e-cj").get().getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(cronJobs.withLabel("special-label", "api-ops").list().getItems()).hasSize(1);
      assertThat(cronJobs.inAnyNamespace().withLabel("special-label", "api-ops").list().getItems())
          .extracting(c -> c.getMetadata().getNamespace()).contains(klite.namespace());

      CronJob patched = cronJobs.withName("e2e-cj").patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"metadata\":{\"annotations\":{\"patched\":\"true\"}}}");
      assertThat(patched.getMetadata().getAnnotations()).containsEntry("patched", "true");
      // Upstream's spec updates under retry.RetryOnConflict: the CronJob controller may write the object between the
      // read and the update.
      CronJob updated = onConflictRetry(() -> cronJobs.withName("e2e-cj").edit(c -> new CronJobBuilder(c).editMetadata()
          .addToAnnotations("updated", "true").endMetadata().build()));
      assertThat(updated.getMetadata().getAnnotations()).containsEntry("updated", "true");

      String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      CronJob statusPatched = cronJobs.withName("e2e-cj").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"status\":{\"lastScheduleTime\":\"" + now + "\"}}");
      assertThat(Instant.parse(statusPatched.getStatus().getLastScheduleTime())).isEqualTo(Instant.parse(now));
      String later = Instant.parse(now).plusSeconds(60).toString();
      CronJob statusUpdated = onConflictRetry(() -> {
        CronJob current = cronJobs.withName("e2e-cj").get();
        current.getStatus().setLastScheduleTime(later);
        return cronJobs.resource(current).updateStatus();
      });
      assertThat(Instant.parse(statusUpdated.getStatus().getLastScheduleTime())).isEqualTo(Instant.parse(later));
      String statusJson = klite.kubectl("get", "--raw",
          "/apis/batch/v1/namespaces/" + klite.namespace() + "/cronjobs/e2e-cj/status").orThrow();
      assertThat(client.getKubernetesSerialization().unmarshal(statusJson, CronJob.class).getStatus().getLastScheduleTime())
          .isNotNull();

      cronJobs.withName("e2e-cj").delete();
      while (w.next(Duration.ofSeconds(10)).action() != Action.DELETED) {
        // the MODIFIED events of the patches and updates come first
      }
      assertThat(cronJobs.withName("e2e-cj").get()).isNull();

      cronJobs.resource(cronJob("e2e-cj-1", "Allow", "true").editMetadata().addToLabels("special-label", "api-ops").endMetadata()
          .editSpec().withSuspend(true).endSpec().build()).create();
      cronJobs.resource(cronJob("e2e-cj-2", "Allow", "true").editMetadata().addToLabels("special-label", "api-ops").endMetadata()
          .editSpec().withSuspend(true).endSpec().build()).create();
      cronJobs.withLabel("special-label", "api-ops").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> cronJobs.withLabel("special-label", "api-ops").list().getItems().isEmpty());
    }
  }

  /** client-go's {@code retry.RetryOnConflict}: repeat a read-modify-write while it fails with 409 Conflict. */
  private static <T> T onConflictRetry(java.util.function.Supplier<T> update) {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsMatching(e -> e instanceof io.fabric8.kubernetes.client.KubernetesClientException k
            && k.getCode() == 409)
        .until(update::get, java.util.Objects::nonNull);
  }
}

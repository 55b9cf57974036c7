package dev.klite.conformance.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/apps/job.go (the Job conformance specs), with e2ejob.NewTestJob's pod behaviours. */
@EnableKlite(backoff = "PT1S")
class JobIT {
  private static final Duration RUNNING = Duration.ofSeconds(60);
  private static final Duration COMPLETE = Duration.ofSeconds(120);
  private static final int PARALLELISM = 2;
  private static final int COMPLETIONS = 4;

  KubernetesClient client;
  Klite klite;

  /** e2ejob.NewTestJob: a Job whose pods behave as {@code behaviour} says (notTerminate, succeed, failOnce, fail). */
  static JobBuilder testJob(String behaviour, String name, String restartPolicy, int parallelism, int completions) {
    String script = switch (behaviour) {
      case "notTerminate" -> "sleep 1000000";
      case "succeed" -> "exit 0";
      case "fail" -> "exit 1";
      case "failOnce" -> "if [ -r /data/foo ]; then exit 0; else touch /data/foo; exit 1; fi";
      default -> throw new IllegalArgumentException(behaviour);
    };
    return new JobBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withParallelism(parallelism).withCompletions(completions).withBackoffLimit(6)
        .withNewTemplate().withNewMetadata().addToLabels("somekey", "somevalue").endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(1L)
        .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("c").withImage(TestPods.IMAGE).withCommand("sh", "-c", script)
        .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer()
        .endSpec().endTemplate().endSpec();
  }

  private List<Pod> jobPods(String jobName) {
    return client.pods().withLabel("job-name", jobName).list().getItems();
  }

  private void awaitRunningPods(String jobName, int count) {
    await().atMost(RUNNING).untilAsserted(() -> assertThat(jobPods(jobName))
        .filteredOn(TestPods.phase("Running")::test).hasSize(count));
  }

  private Job awaitCondition(String jobName, String type, Duration timeout) {
    return await().atMost(timeout).until(() -> client.batch().v1().jobs().withName(jobName).get(),
        j -> j != null && j.getStatus() != null && j.getStatus().getConditions() != null
            && j.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  @Test
  @Conformance("[sig-apps] Job should delete a job")
  void jobShouldDeleteAJob() {
    client.batch().v1().jobs().resource(testJob("notTerminate", "foo", "Never", PARALLELISM, COMPLETIONS).build()).create();
    awaitRunningPods("foo", PARALLELISM);
    assertThat(client.batch().v1().jobs().withName("foo").get().getStatus().getActive()).isEqualTo(PARALLELISM);

    client.batch().v1().jobs().withName("foo").delete();
    await().atMost(RUNNING).untilAsserted(() -> {
      assertThat(client.batch().v1().jobs().withName("foo").get()).isNull();
      assertThat(jobPods("foo")).isEmpty();
    });
  }

  @Test
  @Conformance("[sig-apps] Job should adopt matching orphans and release non-matching pods")
  void jobShouldAdoptMatchingOrphansAndReleaseNonMatchingPods() {
    Job job = client.batch().v1().jobs().resource(testJob("notTerminate", "adopt-release", "Never", PARALLELISM, COMPLETIONS).build()).create();
    String uid = job.getMetadata().getUid();
    awaitRunningPods("adopt-release", PARALLELISM);

    // Orphan a pod: remove its ownerReferences; the Job must adopt it again.
    String orphan = jobPods("adopt-release").get(0).getMetadata().getName();
    client.pods().withName(orphan).edit(p -> new PodBuilder(p).editMetadata().withOwnerReferences(List.of()).endMetadata().build());
    await().atMost(RUNNING).untilAsserted(() -> assertThat(client.pods().withName(orphan).get().getMetadata().getOwnerReferences())
        .anySatisfy(ref -> {
          assertThat(ref.getUid()).isEqualTo(uid);
          assertThat(ref.getController()).isTrue();
        }));

    // Relabel a pod so it no longer matches the selector; the Job must release it.
    String released = jobPods("adopt-release").get(0).getMetadata().getName();
    client.pods().withName(released).edit(p -> new PodBuilder(p).editMetadata().withLabels(Map.of()).endMetadata().build());
    await().atMost(RUNNING).untilAsserted(() -> assertThat(client.pods().withName(released).get().getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getUid).doesNotContain(uid));
  }

  @Test
  @Conformance("[sig-apps] Job should run a job to completion when tasks sometimes fail and are locally restarted")
  void jobShouldRunAJobToCompletionWhenTasksSometimesFailAndAreLocallyRestarted() {
    client.batch().v1().jobs().resource(testJob("failOnce", "fail-once-local", "OnFailure", PARALLELISM, COMPLETIONS).build()).create();
    Job done = awaitCondition("fail-once-local", "Complete", COMPLETE);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(COMPLETIONS);
  }

  @Test
  @Conformance("[sig-apps] Job should create pods for an Indexed job with completion indexes and specified hostname")
  void jobShouldCreatePodsForAnIndexedJobWithCompletionIndexesAndSpecifiedHostname() {
    Job job = testJob("succeed", "indexed-job", "Never", PARALLELISM, COMPLETIONS).editSpec().withCompletionMode("Indexed").endSpec().build();
    job.getSpec().getTemplate().getSpec().getContainers().get(0)
        .setCommand(List.of("sh", "-c", "echo index=$JOB_COMPLETION_INDEX host=$(hostname)"));
    client.batch().v1().jobs().resource(job).create();
    awaitCondition("indexed-job", "Complete", COMPLETE);

    Set<Integer> indexes = new TreeSet<>();
    for (Pod pod : jobPods("indexed-job")) {
      if (!"Succeeded".equals(pod.getStatus().getPhase())) continue;
      int index = Integer.parseInt(pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"));
      indexes.add(index);
      assertThat(pod.getSpec().getHostname()).isEqualTo("indexed-job-" + index);
      assertThat(pod.getSpec().getContainers().get(0).getEnv())
          .anySatisfy(e -> assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX"));
      assertThat(TestPods.log(client, pod.getMetadata().getName())).contains("index=" + index);
    }
    assertThat(indexes).containsExactly(0, 1, 2, 3);
  }

  @Test
  @Conformance("[sig-apps] Job should allow to use the pod failure policy on exit code to fail the job early")
  void jobShouldAllowToUseThePodFailurePolicyOnExitCodeToFailTheJobEarly() {
    Job job = testJob("fail", "fail-early", "Never", PARALLELISM, COMPLETIONS).editSpec()
        .withBackoffLimit(6)
        .withNewPodFailurePolicy().addNewRule().withAction("FailJob")
        .withNewOnExitCodes().withContainerName("c").withOperator("In").withValues(1).endOnExitCodes().endRule()
        .endPodFailurePolicy().endSpec().build();
    client.batch().v1().jobs().resource(job).create();
    Job failed = awaitCondition("fail-early", "Failed", COMPLETE);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("PodFailurePolicy");
    assertThat(failed.getStatus().getFailed()).isLessThanOrEqualTo(PARALLELISM);
  }

  @Test
  @Conformance("[sig-apps] Job should allow to use a pod failure policy to ignore failure matching on DisruptionTarget condition")
  void jobShouldAllowToUseAPodFailurePolicyToIgnoreFailureMatchingOnDisruptiontargetCondition() {
    Job job = testJob("succeed", "evicted-pod-ignore-on-disruption-condition", "Never", PARALLELISM, PARALLELISM).editSpec()
        .withCompletionMode("Indexed").withBackoffLimit(0)
        .withNewPodFailurePolicy().addNewRule().withAction("Ignore")
        .addNewOnPodCondition().withType("DisruptionTarget").withStatus("True").endOnPodCondition().endRule()
        .endPodFailurePolicy().endSpec().build();
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setCommand(List.of("sh", "-c", "sleep 10"));
    client.batch().v1().jobs().resource(job).create();
    String name = job.getMetadata().getName();
    awaitRunningPods(name, PARALLELISM);

    Pod victim = jobPods(name).stream()
        .filter(p -> "0".equals(p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))).findFirst().orElseThrow();
    boolean evicted = client.pods().withName(victim.getMetadata().getName()).evict(new EvictionBuilder()
        .withNewMetadata().withName(victim.getMetadata().getName()).withNamespace(klite.namespace()).endMetadata().build());
    assertThat(evicted).as("eviction accepted").isTrue();

    Job done = awaitCondition(name, "Complete", COMPLETE);
    assertThat(done.getStatus().getSucceeded()).isEqualTo(PARALLELISM);
  }

  @Test
  @Conformance("[sig-apps] Job should apply changes to a job status")
  void jobShouldApplyChangesToAJobStatus() {
    client.batch().v1().jobs().resource(testJob("notTerminate", "suspended-status", "Never", PARALLELISM, COMPLETIONS)
        .editSpec().withSuspend(true).endSpec().build()).create();
    var status = client.batch().v1().jobs().withName("suspended-status").subresource("status");
    assertThat(getStatus("suspended-status").getMetadata().getName()).isEqualTo("suspended-status");

    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Job patched = status.patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"patchedstatus\":\"true\"}},\"status\":{\"startTime\":\"" + now + "\"}}");
    assertThat(patched.getMetadata().getAnnotations()).containsEntry("patchedstatus", "true");
    assertThat(Instant.parse(patched.getStatus().getStartTime())).isEqualTo(Instant.parse(now));

    Job current = client.batch().v1().jobs().withName("suspended-status").get();
    String later = Instant.parse(now).plusSeconds(1).toString();
    current.getStatus().setStartTime(later);
    Job updated = client.batch().v1().jobs().resource(current).updateStatus();
    assertThat(Instant.parse(updated.getStatus().getStartTime())).isEqualTo(Instant.parse(later));
    assertThat(Instant.parse(getStatus("suspended-status").getStatus().getStartTime())).isEqualTo(Instant.parse(later));
  }

  @Test
  @Conformance("[sig-apps] Job should manage the lifecycle of a job")
  void jobShouldManageTheLifecycleOfAJob() throws Exception {
    String name = "e2e-lifecycle";
    RecordingWatcher<Job> w = new RecordingWatcher<>();
    try (Watch watch = client.batch().v1().jobs().withLabel("e2e-job-label", name).watch(w)) {
      client.batch().v1().jobs().resource(testJob("notTerminate", name, "Never", PARALLELISM, COMPLETIONS)
          .editMetadata().addToLabels("e2e-job-label", name).endMetadata().editSpec().withSuspend(true).endSpec().build()).create();
      assertThat(w.next(RUNNING).action()).isEqualTo(Action.ADDED);

      Job patched = client.batch().v1().jobs().withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
          "{\"metadata\":{\"labels\":{\"" + name + "\":\"patched\"}}}");
      assertThat(patched.getMetadata().getLabels()).containsEntry(name, "patched");
      awaitEvent(w, Action.MODIFIED, j -> "patched".equals(j.getMetadata().getLabels().get(name)));

      Job updated = client.batch().v1().jobs().withName(name).edit(j -> new JobBuilder(j).editMetadata()
          .addToAnnotations("updated", "true").endMetadata().build());
      assertThat(updated.getMetadata().getAnnotations()).containsEntry("updated", "true");
      awaitEvent(w, Action.MODIFIED, j -> j.getMetadata().getAnnotations() != null && "true".equals(j.getMetadata().getAnnotations().get("updated")));

      assertThat(client.batch().v1().jobs().inAnyNamespace().withLabel("e2e-job-label", name).list().getItems())
          .extracting(j -> j.getMetadata().getName()).containsExactly(name);
      assertThat(jobPods(name)).as("a suspended Job has no pods").isEmpty();

      client.batch().v1().jobs().withLabel("e2e-job-label", name).delete();
      awaitEvent(w, Action.DELETED, j -> true);
      assertThat(client.batch().v1().jobs().withLabel("e2e-job-label", name).list().getItems()).isEmpty();
    }
  }

  /** GET jobs/NAME/status (fabric8 has no typed read of a subresource). */
  private Job getStatus(String name) {
    String json = klite.kubectl("get", "--raw", "/apis/batch/v1/namespaces/" + klite.namespace() + "/jobs/" + name + "/status").orThrow();
    return client.getKubernetesSerialization().unmarshal(json, Job.class);
  }

  private static void awaitEvent(RecordingWatcher<Job> w, Action action, java.util.function.Predicate<Job> test) throws InterruptedException {
    while (true) {
      var e = w.next(RUNNING);
      if (e.action() == action && test.test(e.object())) return;
    }
  }
}

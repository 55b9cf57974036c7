package dev.klite.conformance.apps;

import static dev.klite.conformance.support.JobTimeline.condition;
import static dev.klite.conformance.support.JobTimeline.has;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.JobTimeline;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The worked timelines of job-semantics.md section 7 (7.1 to 7.4), through the real server, Job
 * controller and kubelet: the sequence of Job versions a watch sees, the Events with their reasons
 * and messages, and the kubectl get columns. The fixture's 1 s base backoff stands in for
 * upstream's 10 s (same doubling), so 7.2 and 7.3 assert counts, order and lower bounds, not
 * upstream's wall-clock delays. The four run concurrently (each in its own namespace): they mostly wait.
 */
@EnableKlite(backoff = "PT1S")
@Execution(ExecutionMode.CONCURRENT)
class JobTimelinesIT {
  private static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
  private static final Duration STEP = Duration.ofSeconds(120);
  private static final Duration SEVEN_FAILURES = Duration.ofSeconds(300);

  static Job job(String name, String restartPolicy, String script) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy(restartPolicy).withTerminationGracePeriodSeconds(5L)
        .addNewContainer().withName("main").withImage(TestPods.IMAGE).withCommand("sh", "-c", script).endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private static List<Pod> pods(KubernetesClient client, String job) {
    return client.pods().withLabel("job-name", job).list().getItems();
  }

  private static Integer orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static void assertCondition(JobCondition c, String type, String reason, String message) {
    assertThat(c.getType()).isEqualTo(type);
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo(reason);
    assertThat(c.getMessage()).isEqualTo(message);
    assertThat(c.getLastProbeTime()).isEqualTo(c.getLastTransitionTime());
  }

  private static int restartCount(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null || pod.getStatus().getContainerStatuses().isEmpty()
        ? 0 : pod.getStatus().getContainerStatuses().get(0).getRestartCount();
  }

  private static List<String> reasons(List<Event> events) {
    return events.stream().map(Event::getReason).toList();
  }

  /** 7.1: completions 1 (defaults), the container exits 0, restartPolicy Never. */
  @Test
  void succeedingJobGoesFromCreatedThroughRunningAndReadyToComplete(KubernetesClient client, Klite klite) throws Exception {
    try (JobTimeline t = new JobTimeline(client, "one-shot")) {
      Job created = client.batch().v1().jobs().resource(job("one-shot", "Never", "sleep 8; echo done")).create();

      // 1. Stored with defaults, generated labels and selector, an empty status, generation 1.
      Job added = t.awaitJob(j -> true, STEP);
      String uid = created.getMetadata().getUid();
      assertThat(added.getMetadata().getGeneration()).isEqualTo(1L);
      assertThat(added.getSpec().getParallelism()).isEqualTo(1);
      assertThat(added.getSpec().getCompletions()).isEqualTo(1);
      assertThat(added.getSpec().getBackoffLimit()).isEqualTo(6);
      assertThat(added.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
      assertThat(added.getSpec().getSuspend()).isFalse();
      assertThat(added.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("batch.kubernetes.io/controller-uid", uid));
      assertThat(added.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/controller-uid", uid)
          .containsEntry("batch.kubernetes.io/job-name", "one-shot").containsEntry("controller-uid", uid).containsEntry("job-name", "one-shot");
      JobStatus empty = added.getStatus();
      assertThat(empty == null || (empty.getStartTime() == null && empty.getActive() == null
          && (empty.getConditions() == null || empty.getConditions().isEmpty()))).as("status {} at creation: %s", empty).isTrue();

      // 2. First sync: startTime, one active pod, ready 0, terminating 0, uncountedTerminatedPods {}.
      Job started = t.awaitJob(j -> j.getStatus() != null && j.getStatus().getStartTime() != null, STEP);
      assertThat(started.getStatus().getActive()).isEqualTo(1);
      assertThat(started.getStatus().getReady()).isZero();
      assertThat(started.getStatus().getTerminating()).isZero();
      assertThat(started.getStatus().getUncountedTerminatedPods()).isNotNull();
      assertThat(started.getStatus().getUncountedTerminatedPods().getSucceeded()).isNullOrEmpty();
      assertThat(started.getStatus().getConditions()).isNullOrEmpty();
      Event create = t.awaitEvent("SuccessfulCreate", STEP);
      Pod running = pods(client, "one-shot").get(0);
      String pod = running.getMetadata().getName();
      assertThat(pod).matches("one-shot-[bcdfghjklmnpqrstvwxz2456789]{5}");
      assertThat(running.getMetadata().getFinalizers()).contains("batch.kubernetes.io/job-tracking");
      assertThat(running.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/controller-uid", uid)
          .containsEntry("batch.kubernetes.io/job-name", "one-shot").containsEntry("controller-uid", uid).containsEntry("job-name", "one-shot");
      assertThat(running.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getApiVersion()).isEqualTo("batch/v1");
        assertThat(o.getKind()).isEqualTo("Job");
        assertThat(o.getName()).isEqualTo("one-shot");
        assertThat(o.getUid()).isEqualTo(uid);
        assertThat(o.getController()).isTrue();
        assertThat(o.getBlockOwnerDeletion()).isTrue();
      });
      assertThat(create.getType()).isEqualTo("Normal");
      assertThat(create.getMessage()).isEqualTo("Created pod: " + pod);
      assertThat(create.getSource().getComponent()).isEqualTo("job-controller");
      assertThat(klite.kubectl("get", "job", "one-shot").orThrow()).containsPattern("(?m)^one-shot\\s+Running\\s+0/1\\s+\\S+\\s+\\S+\\s*$");

      // 3. The pod is Running and Ready: ready 1.
      Job ready = t.awaitJob(j -> j.getStatus() != null && orZero(j.getStatus().getReady()) == 1, STEP);
      assertThat(ready.getStatus().getActive()).isEqualTo(1);

      // 4. The pod Succeeded: Complete, with SuccessCriteriaMet first.
      Job complete = t.awaitJob(j -> has(j, "Complete"), STEP);
      JobStatus s = complete.getStatus();
      assertThat(s.getSucceeded()).isEqualTo(1);
      assertThat(orZero(s.getActive())).as("active (omitted when 0)").isZero();
      assertThat(s.getReady()).isZero();
      assertThat(s.getTerminating()).isZero();
      assertThat(s.getUncountedTerminatedPods().getSucceeded()).isNullOrEmpty();
      assertThat(s.getUncountedTerminatedPods().getFailed()).isNullOrEmpty();
      assertThat(s.getConditions()).hasSize(2);
      assertCondition(s.getConditions().get(0), "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
      assertCondition(s.getConditions().get(1), "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
      assertThat(s.getCompletionTime()).isEqualTo(s.getConditions().get(1).getLastTransitionTime());
      assertThat(Instant.parse(s.getCompletionTime())).isAfterOrEqualTo(Instant.parse(s.getStartTime()));
      assertThat(t.states()).as("startTime, then ready, then Complete")
          .containsSubsequence(started, ready, complete);

      Event completed = t.awaitEvent("Completed", STEP);
      assertThat(completed.getType()).isEqualTo("Normal");
      assertThat(completed.getMessage()).isEqualTo("Job completed");
      assertThat(reasons(t.events())).containsExactly("SuccessfulCreate", "Completed");

      Pod done = client.pods().withName(pod).get();
      assertThat(done.getMetadata().getFinalizers()).doesNotContain("batch.kubernetes.io/job-tracking");
      assertThat(klite.kubectl("get", "job", "one-shot").orThrow()).containsPattern("(?m)^one-shot\\s+Complete\\s+1/1\\s+\\S+\\s+\\S+\\s*$");
      assertThat(klite.kubectl("get", "pods").orThrow()).containsPattern("(?m)^" + pod + "\\s+0/1\\s+Completed\\s+0\\s+\\S+\\s*$");
    }
  }

  /** 7.1, step 4: the succeeded pod is counted through uncountedTerminatedPods before status.succeeded. */
  @Test
  void succeededPodIsTrackedInUncountedTerminatedPodsBeforeItIsCounted(KubernetesClient client) throws Exception {
    try (JobTimeline t = new JobTimeline(client, "tracked")) {
      client.batch().v1().jobs().resource(job("tracked", "Never", "echo done")).create();
      t.awaitJob(j -> has(j, "Complete"), STEP);
      String podUid = pods(client, "tracked").get(0).getMetadata().getUid();
      assertThat(t.states()).as("a status listing the pod in uncountedTerminatedPods.succeeded with succeeded still 0")
          .anySatisfy(j -> {
            assertThat(j.getStatus()).isNotNull();
            assertThat(j.getStatus().getUncountedTerminatedPods()).isNotNull();
            assertThat(j.getStatus().getUncountedTerminatedPods().getSucceeded()).containsExactly(podUid);
            assertThat(orZero(j.getStatus().getSucceeded())).isZero();
          });
    }
  }

  /** 7.2: the container always exits 1, restartPolicy Never, backoffLimit 6. */
  @Test
  void alwaysFailingJobRecreatesPodsOneAtATimeWithGrowingDelaysThenFails(KubernetesClient client, Klite klite) throws Exception {
    try (JobTimeline t = new JobTimeline(client, "always-fails")) {
      client.batch().v1().jobs().resource(job("always-fails", "Never", "echo attempt; exit 1")).create();
      Job failed = t.awaitJob(j -> has(j, "Failed"), SEVEN_FAILURES);
      Event warning = t.awaitEvent("BackoffLimitExceeded", STEP);

      JobStatus s = failed.getStatus();
      assertThat(s.getFailed()).isEqualTo(7);
      assertThat(orZero(s.getSucceeded())).isZero();
      assertThat(orZero(s.getActive())).as("active (omitted when 0)").isZero();
      assertThat(s.getCompletionTime()).isNull();
      assertThat(s.getConditions()).hasSize(2);
      assertCondition(s.getConditions().get(0), "FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      assertCondition(s.getConditions().get(1), "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      assertThat(t.states()).as("pods are created one at a time").allSatisfy(j ->
          assertThat(j.getStatus() == null ? 0 : orZero(j.getStatus().getActive())).isLessThanOrEqualTo(1));
      assertThat(t.states()).extracting(j -> j.getStatus() == null ? 0 : orZero(j.getStatus().getFailed()))
          .as("failed counts up one by one").isSorted().contains(1, 2, 3, 4, 5, 6, 7);

      assertThat(warning.getType()).isEqualTo("Warning");
      assertThat(warning.getMessage()).isEqualTo("Job has reached the specified backoff limit");
      List<Event> events = t.events();
      assertThat(reasons(events)).containsExactly("SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate",
          "SuccessfulCreate", "SuccessfulCreate", "SuccessfulCreate", "BackoffLimitExceeded");

      // Every attempt stays, Failed with reason Error; each one was created only after the previous one
      // failed, and at least the doubling backoff later (1 s, 2 s, 4 s, ... here; timestamps are whole seconds).
      Map<String, Pod> byName = pods(client, "always-fails").stream().collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
      assertThat(byName).hasSize(7);
      List<Pod> inCreationOrder = events.subList(0, 7).stream().map(e -> byName.get(e.getMessage().substring("Created pod: ".length()))).toList();
      assertThat(inCreationOrder).doesNotContainNull().allSatisfy(p -> {
        assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(1);
      });
      for (int i = 1; i < 7; i++) {
        Instant previousFailed = Instant.parse(inCreationOrder.get(i - 1).getStatus().getContainerStatuses().get(0).getState().getTerminated().getFinishedAt());
        Instant next = Instant.parse(inCreationOrder.get(i).getMetadata().getCreationTimestamp());
        Duration backoff = BASE_BACKOFF.multipliedBy(1L << (i - 1));
        assertThat(Duration.between(previousFailed, next)).as("delay before attempt %d", i + 1)
            .isGreaterThanOrEqualTo(backoff.minusSeconds(1));
      }

      assertThat(klite.kubectl("get", "job", "always-fails").orThrow()).containsPattern("(?m)^always-fails\\s+Failed\\s+0/1\\s+\\S+\\s+\\S+\\s*$");
      assertThat(klite.kubectl("get", "pods", "-l", "job-name=always-fails").orThrow().lines().skip(1))
          .hasSize(7).allSatisfy(l -> assertThat(l).matches("always-fails-\\S{5}\\s+0/1\\s+Error\\s+0\\s+\\S+"));
    }
  }

  /** 7.3: the same Job with restartPolicy OnFailure: one pod restarts in place until the restarts reach the limit. */
  @Test
  void onFailureJobRestartsOnePodInPlaceThenFailsWhenRestartsReachTheLimit(KubernetesClient client, Klite klite) throws Exception {
    RecordingWatcher<Pod> podEvents = new RecordingWatcher<>();
    try (Watch podWatch = client.pods().withLabel("job-name", "restarts").watch(podEvents);
        JobTimeline t = new JobTimeline(client, "restarts")) {
      client.batch().v1().jobs().resource(job("restarts", "OnFailure", "echo attempt; exit 1")).create();
      Job target = t.awaitJob(j -> has(j, "FailureTarget"), SEVEN_FAILURES);
      // The Job gives up when the pod's restartCount reaches backoffLimit (6), not before and not later.
      Pod lastRunning = podEvents.nextMatching(e -> e.object().getMetadata().getDeletionTimestamp() != null
          || e.action() == io.fabric8.kubernetes.client.Watcher.Action.DELETED, STEP).object();
      assertThat(podEvents.seen()).extracting(e -> restartCount(e.object())).isSorted().contains(0, 1, 2, 3, 4, 5, 6);
      assertThat(restartCount(lastRunning)).isEqualTo(6);
      assertCondition(condition(target, "FailureTarget").orElseThrow(), "FailureTarget", "BackoffLimitExceeded",
          "Job has reached the specified backoff limit");
      assertThat(has(target, "Failed")).as("Failed waits for the pod to terminate").isFalse();
      assertThat(target.getStatus().getTerminating()).as("the pod is being deleted").isEqualTo(1);

      Job failed = t.awaitJob(j -> has(j, "Failed"), STEP);
      JobStatus s = failed.getStatus();
      assertThat(s.getFailed()).isEqualTo(1);
      assertThat(orZero(s.getActive())).as("active (omitted when 0)").isZero();
      assertThat(s.getTerminating()).isZero();
      assertThat(s.getCompletionTime()).isNull();
      assertThat(s.getConditions()).extracting(JobCondition::getType).containsExactly("FailureTarget", "Failed");
      assertCondition(s.getConditions().get(1), "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
      assertThat(t.states()).as("never a second pod").allSatisfy(j ->
          assertThat(j.getStatus() == null ? 0 : orZero(j.getStatus().getActive())).isLessThanOrEqualTo(1));

      Event warning = t.awaitEvent("BackoffLimitExceeded", STEP);
      assertThat(warning.getType()).isEqualTo("Warning");
      assertThat(t.events()).filteredOn(e -> "SuccessfulCreate".equals(e.getReason())).hasSize(1);
      assertThat(klite.kubectl("get", "job", "restarts").orThrow()).containsPattern("(?m)^restarts\\s+Failed\\s+0/1\\s+\\S+\\s+\\S+\\s*$");
    }
  }

  /** 7.3: the pod the Job deleted when it gave up goes away (it is not left behind). */
  @Test
  void onFailurePodDeletedWhenTheJobGivesUpIsGone(KubernetesClient client) throws Exception {
    try (JobTimeline t = new JobTimeline(client, "left-behind")) {
      client.batch().v1().jobs().resource(new JobBuilder(job("left-behind", "OnFailure", "exit 1")).editSpec()
          .withBackoffLimit(2).endSpec().build()).create();
      t.awaitJob(j -> has(j, "Failed"), SEVEN_FAILURES);
      await().atMost(STEP).untilAsserted(() -> assertThat(pods(client, "left-behind")).as("the deleted pod goes").isEmpty());
    }
  }

  /** 7.4: activeDeadlineSeconds with a long sleep. */
  @Test
  void jobActiveLongerThanItsDeadlineHasItsPodDeletedAndFails(KubernetesClient client, Klite klite) throws Exception {
    long deadline = 10;
    try (JobTimeline t = new JobTimeline(client, "deadline")) {
      client.batch().v1().jobs().resource(new JobBuilder(job("deadline", "Never", "sleep 3600")).editSpec()
          .withActiveDeadlineSeconds(deadline).endSpec().build()).create();
      Job target = t.awaitJob(j -> has(j, "FailureTarget"), STEP);
      JobCondition c = condition(target, "FailureTarget").orElseThrow();
      assertCondition(c, "FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline");
      assertThat(Duration.between(Instant.parse(target.getStatus().getStartTime()), Instant.parse(c.getLastTransitionTime())))
          .as("deadline measured from startTime").isGreaterThanOrEqualTo(Duration.ofSeconds(deadline));
      assertThat(has(target, "Failed")).as("Failed waits for the pod to terminate").isFalse();
      assertThat(target.getStatus().getTerminating()).as("the pod is being deleted").isEqualTo(1);

      Job failed = t.awaitJob(j -> has(j, "Failed"), STEP);
      JobStatus s = failed.getStatus();
      assertThat(s.getFailed()).isEqualTo(1);
      assertThat(orZero(s.getActive())).as("active (omitted when 0)").isZero();
      assertThat(s.getTerminating()).isZero();
      assertThat(s.getCompletionTime()).isNull();
      assertThat(s.getConditions()).extracting(JobCondition::getType).containsExactly("FailureTarget", "Failed");
      assertCondition(s.getConditions().get(1), "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");

      Event warning = t.awaitEvent("DeadlineExceeded", STEP);
      assertThat(warning.getType()).isEqualTo("Warning");
      assertThat(warning.getMessage()).isEqualTo("Job was active longer than specified deadline");
      List<Event> events = t.events();
      assertThat(reasons(events)).containsExactly("SuccessfulCreate", "SuccessfulDelete", "DeadlineExceeded");
      String pod = events.get(0).getMessage().substring("Created pod: ".length());
      assertThat(events.get(1).getType()).isEqualTo("Normal");
      assertThat(events.get(1).getMessage()).isEqualTo("Deleted pod: " + pod);
      await().atMost(STEP).until(() -> client.pods().withName(pod).get() == null);
      assertThat(klite.kubectl("get", "job", "deadline").orThrow()).containsPattern("(?m)^deadline\\s+Failed\\s+0/1\\s+\\S+\\s+\\S+\\s*$");
    }
  }
}

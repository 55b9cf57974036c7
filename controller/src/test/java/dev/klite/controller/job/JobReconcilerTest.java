package dev.klite.controller.job;

import static dev.klite.controller.job.JobFixtures.NOW;
import static dev.klite.controller.job.JobFixtures.finished;
import static dev.klite.controller.job.JobFixtures.job;
import static dev.klite.controller.job.JobFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.controller.runtime.Expectations;
import dev.klite.controller.runtime.FakeEventRecorder;
import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Calls the Job sync directly with fake listers and controls, as upstream's job_controller_test.go does. */
class JobReconcilerTest {

  private final FakeLister<Job> jobs = new FakeLister<>();
  private final FakeLister<Pod> pods = new FakeLister<>();
  private final FakeJobControl jobControl = new FakeJobControl();
  private final FakePodControl podControl = new FakePodControl();
  private final FakeEventRecorder recorder = new FakeEventRecorder();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Expectations expectations = new Expectations(clock, Expectations.DEFAULT_TTL);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final JobReconciler reconciler = new JobReconciler(jobs, pods, jobControl, podControl, recorder, expectations,
      clock, Duration.ofSeconds(10), Duration.ofMinutes(10), new JobMetrics(registry));
  private final ObjectKey key = new ObjectKey("ns", "job");

  @Test
  void createsParallelismPodsAndSetsStartTimeAndActive() {
    jobs.put(job(2, 4, 6));

    reconciler.reconcile(key);

    assertThat(podControl.created).hasSize(2)
        .allSatisfy(p -> assertThat(p.getMetadata().getGenerateName()).isEqualTo("job-"));
    assertThat(recorder.events).containsExactly("Normal SuccessfulCreate Created pod: job-0",
        "Normal SuccessfulCreate Created pod: job-1");
    Job written = jobControl.last();
    assertThat(written.getStatus().getActive()).isEqualTo(2);
    assertThat(written.getStatus().getReady()).isZero();
    assertThat(written.getStatus().getTerminating()).isZero();
    assertThat(written.getStatus().getStartTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(written.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
    assertThat(registry.find("job_controller_job_syncs_total").counter()).isNotNull();
  }

  @Test
  void staleCacheDoesNotCreatePodsTwiceWhileCreationsAreUnobserved() {
    jobs.put(job(2, 4, 6));
    reconciler.reconcile(key);
    reconciler.reconcile(key);
    assertThat(podControl.created).hasSize(2);

    expectations.creationObserved(key);
    expectations.creationObserved(key);
    podControl.created.forEach(pods::put);
    reconciler.reconcile(key);
    assertThat(podControl.created).hasSize(2);
  }

  @Test
  void succeededPodIsRecordedUncountedThenReleasedThenCountedAndJobCompletes() {
    Job job = job(1, 1, 6);
    job.getStatus().setStartTime(NOW.minusSeconds(30).toString());
    jobs.put(job);
    pods.put(finished(job, "p", true, NOW.minusSeconds(1)));

    Result result = reconciler.reconcile(key);

    assertThat(result.requeueDelay()).isEmpty();
    assertThat(jobControl.writes).hasSize(2);
    Job interim = jobControl.writes.get(0);
    assertThat(interim.getStatus().getUncountedTerminatedPods().getSucceeded()).containsExactly("p-uid");
    assertThat(interim.getStatus().getSucceeded()).isNull();
    assertThat(interim.getStatus().getConditions()).extracting(JobCondition::getType).containsExactly("SuccessCriteriaMet");
    assertThat(podControl.finalizersRemoved).containsExactly("p");
    Job last = jobControl.last();
    assertThat(last.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
    assertThat(last.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(last.getStatus().getActive()).as("omitted when 0, as upstream").isNull();
    assertThat(last.getStatus().getConditions()).extracting(JobCondition::getType)
        .containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(last.getStatus().getConditions()).extracting(JobCondition::getReason)
        .containsOnly("CompletionsReached");
    assertThat(last.getStatus().getCompletionTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(last.getMetadata().getResourceVersion()).isEqualTo("12");
    assertThat(recorder.events).containsExactly("Normal Completed Job completed");
    assertThat(registry.find("job_controller_jobs_finished_total").tag("result", "succeeded").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void failedPodIsCountedAndReplacementWaitsForThePodBackoff() {
    Job job = job(1, 1, 6);
    jobs.put(job);
    pods.put(finished(job, "p", false, NOW.minusSeconds(3)));

    Result result = reconciler.reconcile(key);

    assertThat(jobControl.last().getStatus().getFailed()).isEqualTo(1);
    assertThat(podControl.created).isEmpty();
    assertThat(result.requeueDelay()).contains(Duration.ofSeconds(7));
  }

  @Test
  void evictedPodMatchingAnIgnoreRuleOnDisruptionTargetIsNotCountedAndIsReplaced() {
    Job job = job(1, 1, 0);
    job.getSpec().setPodReplacementPolicy("Failed");
    job.getSpec().setPodFailurePolicy(new io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder()
        .addNewRule().withAction("Ignore").addNewOnPodCondition().withType("DisruptionTarget").withStatus("True")
        .endOnPodCondition().endRule().build());
    jobs.put(job);
    // As the pods/eviction API and the kubelet leave it: DisruptionTarget=True, then Failed (SIGTERM).
    pods.put(new PodBuilder(finished(job, "evicted", false, NOW.minusSeconds(30))).editMetadata()
        .withDeletionTimestamp(NOW.minusSeconds(31).toString()).endMetadata()
        .editStatus().addNewCondition().withType("DisruptionTarget").withStatus("True")
        .withReason("EvictionByEvictionAPI").withMessage("Eviction API: evicting").endCondition().endStatus().build());

    reconciler.reconcile(key);

    Job written = jobControl.last();
    assertThat(written.getStatus().getFailed()).as("an ignored failure is not counted").isIn(null, 0);
    assertThat(written.getStatus().getConditions()).noneMatch(c -> "FailureTarget".equals(c.getType())
        || "Failed".equals(c.getType()));
    assertThat(podControl.finalizersRemoved).contains("evicted");
    assertThat(podControl.created).as("backoffLimit 0 is not exceeded; the pod is re-created").hasSize(1);
  }

  @Test
  void backoffLimitExceededDeletesActivePodsAndWaitsForThemBeforeFailed() {
    Job job = job(2, 4, 1);
    jobs.put(job);
    pods.put(finished(job, "f1", false, NOW.minusSeconds(20)));
    pods.put(finished(job, "f2", false, NOW.minusSeconds(10)));
    pods.put(pod(job, "running", "Running"));

    reconciler.reconcile(key);

    assertThat(podControl.deleted).containsExactly("running");
    assertThat(recorder.events).contains("Normal SuccessfulDelete Deleted pod: running");
    Job last = jobControl.last();
    assertThat(last.getStatus().getConditions()).extracting(JobCondition::getType).containsExactly("FailureTarget");
    assertThat(last.getStatus().getFailed()).as("the killed pod counts as failed").isEqualTo(3);
    assertThat(last.getStatus().getTerminating()).isEqualTo(1);
    assertThat(recorder.events).noneMatch(e -> e.contains("BackoffLimitExceeded"));

    // Next sync: the cache shows our write and the pod gone -> Failed, with the warning event.
    jobs.put(last);
    pods.remove(new ObjectKey("ns", "running"));
    pods.put(new PodBuilder(finished(job, "f1", false, NOW)).editMetadata().withFinalizers().endMetadata().build());
    pods.put(new PodBuilder(finished(job, "f2", false, NOW)).editMetadata().withFinalizers().endMetadata().build());
    reconciler.reconcile(key);

    Job done = jobControl.last();
    assertThat(done.getStatus().getConditions()).extracting(JobCondition::getType)
        .containsExactly("FailureTarget", "Failed");
    assertThat(done.getStatus().getConditions().get(1).getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(done.getStatus().getCompletionTime()).isNull();
    assertThat(recorder.events).contains("Warning BackoffLimitExceeded Job has reached the specified backoff limit");
  }

  @Test
  void scaleDownDeletesSurplusPodsAfterRemovingTheirFinalizer() {
    Job job = job(1, 4, 6);
    jobs.put(job);
    pods.put(new PodBuilder(pod(job, "old", "Running")).editSpec().withNodeName("n").endSpec().build());
    pods.put(pod(job, "unscheduled", "Pending"));

    reconciler.reconcile(key);

    assertThat(podControl.finalizersRemoved).containsExactly("unscheduled");
    assertThat(podControl.deleted).containsExactly("unscheduled");
    assertThat(jobControl.last().getStatus().getActive()).isEqualTo(1);
  }

  @Test
  void jobManagedByAnotherControllerIsLeftAlone() {
    Job job = job(1, 1, 6);
    job.getSpec().setManagedBy("example.com/other");
    jobs.put(job);
    reconciler.reconcile(key);
    assertThat(podControl.created).isEmpty();
    assertThat(jobControl.writes).isEmpty();
  }

  @Test
  void suspendedJobGetsNoPodsNoStartTimeAndTheSuspendedCondition() {
    Job job = job(1, 1, 6);
    job.getSpec().setSuspend(true);
    jobs.put(job);
    reconciler.reconcile(key);
    assertThat(podControl.created).isEmpty();
    Job written = jobControl.last();
    assertThat(written.getStatus().getStartTime()).isNull();
    assertThat(written.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("Suspended");
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("JobSuspended");
      assertThat(c.getMessage()).isEqualTo("Job suspended");
    });
    assertThat(recorder.events).containsExactly("Normal Suspended Job suspended");

    jobs.put(written);
    reconciler.reconcile(key);
    assertThat(recorder.events).as("no second event").hasSize(1);
  }

  @Test
  void suspendingARunningJobDeletesItsPodsWithoutCountingThemFailed() {
    Job job = job(2, 4, 6);
    job.getSpec().setSuspend(true);
    job.getStatus().setStartTime(NOW.minusSeconds(60).toString());
    jobs.put(job);
    pods.put(pod(job, "a", "Running"));
    pods.put(pod(job, "b", "Pending"));

    reconciler.reconcile(key);

    assertThat(podControl.finalizersRemoved).containsExactlyInAnyOrder("a", "b");
    assertThat(podControl.deleted).containsExactlyInAnyOrder("a", "b");
    Job written = jobControl.last();
    assertThat(written.getStatus().getActive()).isNull();
    assertThat(written.getStatus().getFailed()).isNull();
    assertThat(written.getStatus().getTerminating()).isEqualTo(2);
    assertThat(recorder.events).contains("Normal Suspended Job suspended");
  }

  @Test
  void resumingUpdatesTheConditionInPlaceAndRestartsStartTime() {
    Job job = job(1, 1, 6);
    job.getStatus().setStartTime(NOW.minusSeconds(600).toString());
    job.getStatus().setConditions(new java.util.ArrayList<>(java.util.List.of(JobConditions.newCondition("Suspended",
        "JobSuspended", "Job suspended", NOW.minusSeconds(300)))));
    jobs.put(job);

    reconciler.reconcile(key);

    Job written = jobControl.last();
    assertThat(written.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("JobResumed");
      assertThat(c.getMessage()).isEqualTo("Job resumed");
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
    });
    assertThat(written.getStatus().getStartTime()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(recorder.events).contains("Normal Resumed Job resumed");
    assertThat(podControl.created).hasSize(1);
  }

  @Test
  void neverSuspendedJobGetsNoSuspendedCondition() {
    jobs.put(job(1, 1, 6));
    reconciler.reconcile(key);
    assertThat(jobControl.last().getStatus().getConditions()).isNullOrEmpty();
  }

  @Test
  void conflictOnStatusWritePropagatesSoTheLoopRetries() {
    jobs.put(job(1, 1, 6));
    jobControl.failWith = new KubernetesClientException("conflict", 409, null);
    assertThatThrownBy(() -> reconciler.reconcile(key)).isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void podsOfADeletedJobLoseTheirTrackingFinalizer() {
    Job gone = job(1, 1, 6);
    pods.put(pod(gone, "left", "Running"));
    reconciler.reconcile(key);
    assertThat(podControl.finalizersRemoved).containsExactly("left");
  }

  @Test
  void adoptsAMatchingOrphanAfterALiveRecheckAndCountsIt() {
    Job job = job(1, 1, 6);
    job.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .addToMatchLabels("batch.kubernetes.io/controller-uid", "job-uid").build());
    jobs.put(job);
    jobControl.live = java.util.Optional.of(job);
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("orphan").withUid("orphan-uid")
        .addToLabels("batch.kubernetes.io/controller-uid", "job-uid").endMetadata()
        .withNewStatus().withPhase("Running").endStatus().build());
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("stranger").withUid("s-uid")
        .addToLabels("app", "x").endMetadata().build());

    reconciler.reconcile(key);

    assertThat(podControl.adopted).containsExactly("orphan");
    assertThat(podControl.created).as("the adopted pod is the one active pod").isEmpty();
    assertThat(jobControl.last().getStatus().getActive()).isEqualTo(1);
  }

  @Test
  void releasesAnOwnedPodWhoseLabelsNoLongerMatchAndReplacesIt() {
    Job job = job(2, 4, 6);
    job.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .addToMatchLabels("batch.kubernetes.io/controller-uid", "job-uid").build());
    jobs.put(job);
    pods.put(new PodBuilder(pod(job, "kept", "Running")).editMetadata()
        .addToLabels("batch.kubernetes.io/controller-uid", "job-uid").endMetadata().build());
    pods.put(new PodBuilder(pod(job, "relabelled", "Running")).editMetadata()
        .addToLabels("other", "x").endMetadata().build());

    reconciler.reconcile(key);

    assertThat(podControl.released).containsExactly("relabelled");
    assertThat(podControl.created).as("the released pod no longer counts as active").hasSize(1);
  }

  @Test
  void aJobBeingDeletedReleasesNothing() {
    Job job = job(1, 1, 6);
    job.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .addToMatchLabels("batch.kubernetes.io/controller-uid", "job-uid").build());
    job.getMetadata().setDeletionTimestamp(NOW.toString());
    jobs.put(job);
    pods.put(pod(job, "relabelled", "Running"));
    reconciler.reconcile(key);
    assertThat(podControl.released).isEmpty();
  }

  @Test
  void doesNotAdoptWhenTheLiveJobIsGone() {
    Job job = job(1, 1, 6);
    job.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .addToMatchLabels("batch.kubernetes.io/controller-uid", "job-uid").build());
    jobs.put(job);
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("orphan").withUid("orphan-uid")
        .addToLabels("batch.kubernetes.io/controller-uid", "job-uid").endMetadata().build());
    reconciler.reconcile(key);
    assertThat(podControl.adopted).isEmpty();
  }

  @Test
  void podsOfAnEarlierJobWithTheSameNameLoseTheirTrackingFinalizer() {
    Job earlier = job(1, 1, 6);
    earlier.getMetadata().setUid("earlier-uid");
    pods.put(pod(earlier, "old-pod", "Succeeded"));
    Job current = job(1, 1, 6);
    jobs.put(current);
    reconciler.reconcile(key);
    assertThat(podControl.finalizersRemoved).containsExactly("old-pod");
    assertThat(jobControl.last().getStatus().getSucceeded()).as("not counted for the new Job").isNull();
  }

  @Test
  void failedCreateRecordsAWarningStopsTheSlowStartAndFailsTheSyncForARetry() {
    jobs.put(job(4, 4, 6));
    podControl.failCreate = new KubernetesClientException(new io.fabric8.kubernetes.api.model.StatusBuilder()
        .withCode(403).withMessage("pods \"job-x\" is forbidden: exceeded quota").build());

    assertThatThrownBy(() -> reconciler.reconcile(key)).isInstanceOf(KubernetesClientException.class);

    assertThat(recorder.events).containsExactly(
        "Warning FailedCreate Error creating: pods \"job-x\" is forbidden: exceeded quota");
    assertThat(expectations.satisfied(key)).as("the failed and skipped creates are not awaited").isTrue();
    assertThat(jobControl.last().getStatus().getStartTime()).as("status is still written").isNotNull();
  }

  @Test
  void aFailedStatusWriteDoesNotCountTheSameFailureTwiceInThePodBackoff() {
    Job job = job(1, 1, 6);
    jobs.put(job);
    pods.put(finished(job, "p", false, NOW.minusSeconds(3)));
    jobControl.failWith = new KubernetesClientException("conflict", 409, null);
    assertThatThrownBy(() -> reconciler.reconcile(key)).isInstanceOf(KubernetesClientException.class);

    jobControl.failWith = null;
    Result result = reconciler.reconcile(key);

    assertThat(result.requeueDelay()).as("10s after one failure, not 20s after two").contains(Duration.ofSeconds(7));
  }

  @Test
  void podFailurePolicyFailJobFailsTheJobWithThePolicyMessage() {
    Job job = job(1, 1, 6);
    job.getSpec().setPodFailurePolicy(PodFailurePolicyEvaluatorTest.policy());
    jobs.put(job);
    pods.put(new PodBuilder(PodFailurePolicyEvaluatorTest.failedPod(42, null)).editMetadata().withName("p")
        .withUid("p-uid").addToFinalizers(JobPods.TRACKING_FINALIZER).addToOwnerReferences(PodTemplates.controllerRef(job))
        .endMetadata().build());

    reconciler.reconcile(key);

    Job last = jobControl.last();
    assertThat(last.getStatus().getConditions()).extracting(JobCondition::getType)
        .containsExactly("FailureTarget", "Failed");
    assertThat(last.getStatus().getConditions()).allSatisfy(c -> {
      assertThat(c.getReason()).isEqualTo("PodFailurePolicy");
      assertThat(c.getMessage()).isEqualTo("Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1");
    });
    assertThat(recorder.events).contains("Warning PodFailurePolicy Container main for pod ns/p failed with exit code 42 "
        + "matching FailJob rule at index 1");
  }

  @Test
  void podFailurePolicyIgnoredFailureIsNotCounted() {
    Job job = job(1, 1, 0);
    job.getSpec().setPodFailurePolicy(PodFailurePolicyEvaluatorTest.policy());
    jobs.put(job);
    pods.put(new PodBuilder(PodFailurePolicyEvaluatorTest.failedPod(1, "DisruptionTarget")).editMetadata().withName("p")
        .withUid("p-uid").addToFinalizers(JobPods.TRACKING_FINALIZER).addToOwnerReferences(PodTemplates.controllerRef(job))
        .endMetadata().build());

    reconciler.reconcile(key);

    assertThat(podControl.finalizersRemoved).containsExactly("p");
    assertThat(jobControl.last().getStatus().getFailed()).as("backoffLimit 0 would have failed the Job").isNull();
    assertThat(jobControl.last().getStatus().getConditions()).isNullOrEmpty();
  }

  private Job indexedJob(int parallelism, int completions) {
    Job job = job(parallelism, completions, 6);
    job.getSpec().setCompletionMode("Indexed");
    return job;
  }

  private Pod indexedPod(Job job, String name, int index, String phase) {
    return new PodBuilder(pod(job, name, phase)).editMetadata()
        .addToAnnotations(IndexedJobs.COMPLETION_INDEX, Integer.toString(index))
        .addToLabels(IndexedJobs.COMPLETION_INDEX, Integer.toString(index)).endMetadata().build();
  }

  @Test
  void indexedJobCreatesTheLowestPendingIndexes() {
    Job job = indexedJob(2, 4);
    job.getStatus().setCompletedIndexes("0");
    job.getStatus().setSucceeded(1);
    jobs.put(job);
    pods.put(indexedPod(job, "job-2-aaaaa", 2, "Running"));

    reconciler.reconcile(key);

    assertThat(podControl.created).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("job-1-");
      assertThat(p.getMetadata().getAnnotations()).containsEntry(IndexedJobs.COMPLETION_INDEX, "1");
    });
  }

  @Test
  void indexedSuccessIsRecordedAsCompletedIndexesBeforeTheFinalizerGoes() {
    Job job = indexedJob(3, 3);
    job.getStatus().setStartTime(NOW.minusSeconds(10).toString());
    jobs.put(job);
    pods.put(indexedPod(job, "a", 0, "Succeeded"));
    pods.put(indexedPod(job, "b", 1, "Succeeded"));
    pods.put(indexedPod(job, "c", 2, "Running"));

    reconciler.reconcile(key);

    Job first = jobControl.writes.get(0);
    assertThat(first.getStatus().getCompletedIndexes()).isEqualTo("0,1");
    assertThat(first.getStatus().getSucceeded()).isEqualTo(2);
    assertThat(first.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
    assertThat(podControl.finalizersRemoved).containsExactlyInAnyOrder("a", "b");
    assertThat(podControl.created).isEmpty();

    // The last index completes: the Job is complete with all three indexes.
    jobs.put(jobControl.last());
    pods.put(new PodBuilder(indexedPod(job, "a", 0, "Succeeded")).editMetadata().withFinalizers().endMetadata().build());
    pods.put(new PodBuilder(indexedPod(job, "b", 1, "Succeeded")).editMetadata().withFinalizers().endMetadata().build());
    pods.put(indexedPod(job, "c", 2, "Succeeded"));
    reconciler.reconcile(key);

    Job last = jobControl.last();
    assertThat(last.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(last.getStatus().getSucceeded()).isEqualTo(3);
    assertThat(last.getStatus().getConditions()).extracting(JobCondition::getType)
        .containsExactly("SuccessCriteriaMet", "Complete");
  }

  @Test
  void duplicateIndexPodIsDeleted() {
    Job job = indexedJob(2, 2);
    jobs.put(job);
    pods.put(indexedPod(job, "first", 0, "Running"));
    pods.put(indexedPod(job, "second", 0, "Pending"));

    reconciler.reconcile(key);

    assertThat(podControl.deleted).containsExactly("second");
    assertThat(podControl.created).as("no creation in a sync that deletes").isEmpty();
  }
}

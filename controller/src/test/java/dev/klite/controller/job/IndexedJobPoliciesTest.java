package dev.klite.controller.job;

import static dev.klite.controller.job.JobFixtures.NOW;
import static dev.klite.controller.job.JobFixtures.pod;
import static dev.klite.controller.job.PerIndexFailuresTest.failedPod;
import static dev.klite.controller.job.PerIndexFailuresTest.perIndexJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.Expectations;
import dev.klite.controller.runtime.FakeEventRecorder;
import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** successPolicy and backoffLimitPerIndex through the Job sync (job-semantics.md §2.11, §2.12). */
class IndexedJobPoliciesTest {

  private final FakeLister<Job> jobs = new FakeLister<>();
  private final FakeLister<Pod> pods = new FakeLister<>();
  private final FakeJobControl jobControl = new FakeJobControl();
  private final FakePodControl podControl = new FakePodControl();
  private final FakeEventRecorder recorder = new FakeEventRecorder();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final JobReconciler reconciler = new JobReconciler(jobs, pods, jobControl, podControl, recorder,
      new Expectations(clock, Expectations.DEFAULT_TTL), clock, Duration.ofSeconds(10), Duration.ofMinutes(10),
      new JobMetrics(new SimpleMeterRegistry()));
  private final ObjectKey key = new ObjectKey("ns", "job");

  private static Pod indexedPod(Job job, String name, int index, String phase) {
    return new PodBuilder(pod(job, name, phase)).editMetadata()
        .addToAnnotations(IndexedJobs.COMPLETION_INDEX, Integer.toString(index))
        .addToLabels(IndexedJobs.COMPLETION_INDEX, Integer.toString(index)).endMetadata().build();
  }

  @Test
  void successPolicyMetDeletesTheRemainingPodsThenCompletesWithTheSameReason() {
    Job job = JobFixtures.job(3, 3, 6);
    job.getSpec().setCompletionMode("Indexed");
    job.getSpec().setSuccessPolicy(new SuccessPolicyBuilder().addNewRule().withSucceededIndexes("0").endRule().build());
    job.getStatus().setStartTime(NOW.minusSeconds(30).toString());
    jobs.put(job);
    pods.put(indexedPod(job, "a", 0, "Succeeded"));
    pods.put(indexedPod(job, "b", 1, "Running"));
    pods.put(indexedPod(job, "c", 2, "Running"));

    reconciler.reconcile(key);

    Job interim = jobControl.last();
    assertThat(interim.getStatus().getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("SuccessCriteriaMet");
      assertThat(c.getReason()).isEqualTo("SuccessPolicy");
      assertThat(c.getMessage()).isEqualTo("Matched rules at index 0");
    });
    assertThat(podControl.deleted).containsExactlyInAnyOrder("b", "c");
    assertThat(interim.getStatus().getFailed()).as("pods deleted on success are not failures").isNull();

    jobs.put(interim);
    pods.remove(new ObjectKey("ns", "b"));
    pods.remove(new ObjectKey("ns", "c"));
    pods.put(new PodBuilder(indexedPod(job, "a", 0, "Succeeded")).editMetadata().withFinalizers().endMetadata().build());
    reconciler.reconcile(key);

    Job done = jobControl.last();
    assertThat(done.getStatus().getConditions()).extracting(JobCondition::getType)
        .containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(done.getStatus().getConditions().get(1).getReason()).isEqualTo("SuccessPolicy");
    assertThat(done.getStatus().getCompletionTime()).isEqualTo(NOW.toString());
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0");
    assertThat(recorder.events).contains("Normal Completed Job completed");
  }

  @Test
  void failedPodBelowThePerIndexLimitIsReplacedAfterThePerIndexBackoffWithTheCountCarried() {
    Job job = perIndexJob(2, null, null);
    job.getSpec().setParallelism(1);
    job.getSpec().setPodReplacementPolicy("Failed");
    jobs.put(job);
    pods.put(labelled(failedPod(job, "a", 0, 0, null, 4)));

    Result r = reconciler.reconcile(key);

    assertThat(podControl.created).isEmpty();
    assertThat(r.requeueDelay()).contains(Duration.ofSeconds(6));
    assertThat(jobControl.last().getStatus().getFailedIndexes()).isEmpty();
    assertThat(jobControl.last().getStatus().getFailed()).isEqualTo(1);

    jobs.put(jobControl.last());
    pods.put(new PodBuilder(labelled(failedPod(job, "a", 0, 0, null, 11))).editMetadata().withFinalizers()
        .endMetadata().build());
    reconciler.reconcile(key);

    assertThat(podControl.created).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("job-0-");
      assertThat(p.getMetadata().getAnnotations()).containsEntry(PerIndexFailures.FAILURE_COUNT, "1");
    });
  }

  @Test
  void indexAtItsLimitFailsAndTheNextIndexStarts() {
    Job job = perIndexJob(1, null, null);
    job.getSpec().setParallelism(1);
    job.getSpec().setPodReplacementPolicy("Failed");
    jobs.put(job);
    pods.put(labelled(failedPod(job, "a", 0, 1, null, 30)));

    reconciler.reconcile(key);

    assertThat(jobControl.last().getStatus().getFailedIndexes()).isEqualTo("0");
    assertThat(podControl.created).singleElement().satisfies(p -> {
      assertThat(p.getMetadata().getGenerateName()).isEqualTo("job-1-");
      assertThat(p.getMetadata().getAnnotations()).containsEntry(PerIndexFailures.FAILURE_COUNT, "0");
    });
  }

  @Test
  void allIndexesDoneWithOneFailedFailsTheJobWithFailedIndexes() {
    Job job = perIndexJob(1, null, null);
    job.getSpec().setCompletions(2);
    job.getSpec().setPodReplacementPolicy("Failed");
    job.getStatus().setStartTime(NOW.minusSeconds(60).toString());
    jobs.put(job);
    pods.put(labelled(failedPod(job, "a", 0, 1, null, 30)));
    pods.put(indexedPod(job, "b", 1, "Succeeded"));

    reconciler.reconcile(key);

    Job last = jobControl.last();
    assertThat(last.getStatus().getConditions()).extracting(JobCondition::getType)
        .containsExactly("FailureTarget", "Failed");
    assertThat(last.getStatus().getConditions().get(1).getReason()).isEqualTo("FailedIndexes");
    assertThat(last.getStatus().getConditions().get(1).getMessage()).isEqualTo("Job has failed indexes");
    assertThat(last.getStatus().getFailedIndexes()).isEqualTo("0");
    assertThat(last.getStatus().getCompletedIndexes()).isEqualTo("1");
    assertThat(recorder.events).contains("Warning FailedIndexes Job has failed indexes");
  }

  @Test
  void tooManyFailedIndexesFailTheJobAndStopItsPods() {
    Job job = perIndexJob(1, 0, null);
    job.getSpec().setPodReplacementPolicy("Failed");
    job.getStatus().setStartTime(NOW.minusSeconds(60).toString());
    jobs.put(job);
    pods.put(labelled(failedPod(job, "a", 0, 1, null, 30)));
    pods.put(indexedPod(job, "b", 1, "Running"));

    reconciler.reconcile(key);

    assertThat(jobControl.last().getStatus().getConditions()).extracting(JobCondition::getReason)
        .containsExactly("MaxFailedIndexesExceeded");
    assertThat(podControl.deleted).containsExactly("b");
  }

  @Test
  void elasticScaleDownDropsPodsAndCompletedIndexesBeyondTheNewCompletions() {
    // ElasticIndexedJob: completions and parallelism went from 4/4 to 2/2 together.
    Job job = JobFixtures.job(2, 2, 6);
    job.getSpec().setCompletionMode("Indexed");
    job.getStatus().setStartTime(NOW.minusSeconds(60).toString());
    job.getStatus().setCompletedIndexes("3");
    job.getStatus().setSucceeded(1);
    jobs.put(job);
    pods.put(indexedPod(job, "zero", 0, "Running"));
    pods.put(indexedPod(job, "two", 2, "Running"));
    pods.put(new PodBuilder(indexedPod(job, "three", 3, "Succeeded")).editMetadata().withFinalizers().endMetadata()
        .build());

    reconciler.reconcile(key);

    assertThat(podControl.deleted).containsExactly("two");
    assertThat(podControl.created).as("deletion and creation never share a sync").isEmpty();
    assertThat(jobControl.last().getStatus().getCompletedIndexes()).isNull();
    assertThat(jobControl.last().getStatus().getSucceeded()).isNull();
  }

  private static Pod labelled(Pod p) {
    String index = p.getMetadata().getAnnotations().get(IndexedJobs.COMPLETION_INDEX);
    return new PodBuilder(p).editMetadata().addToLabels(IndexedJobs.COMPLETION_INDEX, index).endMetadata().build();
  }
}

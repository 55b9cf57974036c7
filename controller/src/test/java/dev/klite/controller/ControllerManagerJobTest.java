package dev.klite.controller;

import static dev.klite.controller.MockCluster.eventsFor;
import static dev.klite.controller.MockCluster.finish;
import static dev.klite.controller.MockCluster.job;
import static dev.klite.controller.MockCluster.podsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole ControllerManager against fabric8's CRUD mock server; the test plays the kubelet. */
@EnableKubernetesMockClient(crud = true)
class ControllerManagerJobTest {

  static KubernetesClient client;
  private ControllerManager manager;

  @BeforeEach
  void start() {
    // A Ready node, so the scheduler binds the Job's pods instead of writing PodScheduled=False
    // into pods whose status this test also writes (as the kubelet).
    if (client.nodes().withName("node-1").get() == null) {
      client.nodes().resource(ControllerManagerSchedulerAndGcTest.node("node-1", true, "role", "worker")).create();
    }
    manager = ControllerManager.start(client, new ControllerManagerConfig(Clock.systemUTC(), Duration.ofMillis(50),
        Duration.ofSeconds(1), 2).withJobSyncBatchPeriod(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  private Job get(Job job) {
    return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName()).get();
  }

  @Test
  void oneCompletionJobCompletesWithConditionsEventsAndReleasedFinalizers() {
    Job job = client.batch().v1().jobs().inNamespace("t1").resource(job("t1", "pi", 1, 1, 6)).create();

    MockCluster.eventually().untilAsserted(() -> assertThat(podsOf(client, job)).hasSize(1));
    Pod pod = podsOf(client, job).get(0);
    assertThat(pod.getMetadata().getName()).startsWith("pi-");
    assertThat(pod.getMetadata().getFinalizers()).containsExactly("batch.kubernetes.io/job-tracking");
    assertThat(pod.getMetadata().getLabels()).containsEntry("job-name", "pi");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "from-template");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
      assertThat(r.getApiVersion()).isEqualTo("batch/v1");
      assertThat(r.getKind()).isEqualTo("Job");
      assertThat(r.getName()).isEqualTo("pi");
      assertThat(r.getUid()).isEqualTo(job.getMetadata().getUid());
      assertThat(r.getController()).isTrue();
      assertThat(r.getBlockOwnerDeletion()).isTrue();
    });
    MockCluster.eventually().untilAsserted(() -> {
      Job j = get(job);
      assertThat(j.getStatus().getActive()).isEqualTo(1);
      assertThat(j.getStatus().getStartTime()).isNotNull();
    });

    finish(client, pod, 0);

    MockCluster.eventually().untilAsserted(() -> {
      Job j = get(job);
      assertThat(j.getStatus().getConditions()).extracting(JobCondition::getType)
          .containsExactly("SuccessCriteriaMet", "Complete");
      assertThat(j.getStatus().getConditions()).allSatisfy(c -> {
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo("CompletionsReached");
        assertThat(c.getMessage()).isEqualTo("Reached expected number of succeeded pods");
      });
      assertThat(j.getStatus().getSucceeded()).isEqualTo(1);
      assertThat(j.getStatus().getActive()).as("omitted when 0, as upstream").isNull();
      assertThat(j.getStatus().getReady()).isZero();
      assertThat(j.getStatus().getTerminating()).isZero();
      assertThat(j.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
      assertThat(j.getStatus().getCompletionTime()).isEqualTo(j.getStatus().getConditions().get(1).getLastTransitionTime());
    });
    MockCluster.eventually().untilAsserted(() -> {
      assertThat(podsOf(client, job)).singleElement()
          .satisfies(p -> assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty());
      List<Event> events = eventsFor(client, job);
      assertThat(events).extracting(Event::getReason).containsExactlyInAnyOrder("SuccessfulCreate", "Completed");
      assertThat(events).filteredOn(e -> e.getReason().equals("SuccessfulCreate")).singleElement().satisfies(e -> {
        assertThat(e.getMessage()).isEqualTo("Created pod: " + pod.getMetadata().getName());
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getSource().getComponent()).isEqualTo("job-controller");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("Job");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo(job.getMetadata().getUid());
        assertThat(e.getCount()).isEqualTo(1);
        assertThat(e.getMetadata().getName()).matches("pi\\.[0-9a-f]+");
      });
      assertThat(events).filteredOn(e -> e.getReason().equals("Completed")).singleElement()
          .satisfies(e -> assertThat(e.getMessage()).isEqualTo("Job completed"));
    });
    assertThat(manager.meterRegistry().find("job_controller_jobs_finished_total").tag("result", "succeeded")
        .counter().count()).isEqualTo(1.0);
    assertThat(manager.meterRegistry().find("job_controller_job_syncs_total").tag("action", "pods_created").counter())
        .isNotNull();
    assertThat(manager.meterRegistry().find("job_controller_job_sync_duration_seconds").timer().count()).isPositive();
  }

  @Test
  void neverJobWithBackoffLimitOneFailsAfterTwoFailedPods() {
    Job job = client.batch().v1().jobs().inNamespace("t2").resource(job("t2", "fail", 1, 1, 1)).create();

    MockCluster.eventually().untilAsserted(() -> assertThat(podsOf(client, job)).hasSize(1));
    finish(client, podsOf(client, job).get(0), 1);
    MockCluster.eventually().untilAsserted(() -> assertThat(podsOf(client, job)).hasSize(2));
    Pod second = podsOf(client, job).stream().filter(p -> p.getStatus() == null || p.getStatus().getPhase() == null
        || !"Failed".equals(p.getStatus().getPhase())).findFirst().orElseThrow();
    finish(client, second, 1);

    MockCluster.eventually().untilAsserted(() -> {
      Job j = get(job);
      assertThat(j.getStatus().getConditions()).extracting(JobCondition::getType)
          .containsExactly("FailureTarget", "Failed");
      assertThat(j.getStatus().getConditions()).allSatisfy(c -> {
        assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(c.getMessage()).isEqualTo("Job has reached the specified backoff limit");
      });
      assertThat(j.getStatus().getFailed()).isEqualTo(2);
      assertThat(j.getStatus().getActive()).as("omitted when 0, as upstream").isNull();
      assertThat(j.getStatus().getCompletionTime()).isNull();
      assertThat(eventsFor(client, job)).filteredOn(e -> e.getReason().equals("BackoffLimitExceeded")).singleElement()
          .satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo("Job has reached the specified backoff limit");
          });
    });
    assertThat(podsOf(client, job)).hasSize(2)
        .allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty());
  }

  @Test
  void parallelismTwoCompletionsFourNeverRunsMoreThanTwoPods() {
    Job job = client.batch().v1().jobs().inNamespace("t3").resource(job("t3", "par", 2, 4, 6)).create();
    AtomicInteger maxActive = new AtomicInteger();
    for (int round = 0; round < 2; round++) {
      MockCluster.eventually().untilAsserted(() -> {
        List<Pod> active = podsOf(client, job).stream().filter(MockCluster::isRunningOrPending).toList();
        maxActive.accumulateAndGet(active.size(), Math::max);
        assertThat(active).hasSize(2);
      });
      for (Pod p : podsOf(client, job).stream().filter(MockCluster::isRunningOrPending).toList()) {
        finish(client, p, 0);
      }
      int expectedSucceeded = 2 * (round + 1);
      MockCluster.eventually().untilAsserted(() -> {
        List<Pod> active = podsOf(client, job).stream().filter(MockCluster::isRunningOrPending).toList();
        maxActive.accumulateAndGet(active.size(), Math::max);
        assertThat(get(job).getStatus().getSucceeded()).isEqualTo(expectedSucceeded);
      });
    }
    MockCluster.eventually().untilAsserted(() -> assertThat(get(job).getStatus().getConditions())
        .extracting(JobCondition::getType).containsExactly("SuccessCriteriaMet", "Complete"));
    assertThat(podsOf(client, job)).hasSize(4);
    assertThat(maxActive.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void adoptsAnOrphanPodMatchingTheSelectorInsteadOfCreatingOne() {
    client.pods().inNamespace("t4").resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withNamespace("t4").withName("orphan").addToLabels("app", "adopt-me").endMetadata()
        .withNewSpec().withNodeName("some-node")
          .addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus()
        .build()).create();
    Job spec = job("t4", "adopter", 1, 1, 6);
    spec.getSpec().setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
        .addToMatchLabels("app", "adopt-me").build());
    Job job = client.batch().v1().jobs().inNamespace("t4").resource(spec).create();

    MockCluster.eventually().untilAsserted(() -> {
      Pod orphan = client.pods().inNamespace("t4").withName("orphan").get();
      assertThat(orphan.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(r -> assertThat(r.getUid()).isEqualTo(job.getMetadata().getUid()));
      assertThat(orphan.getMetadata().getFinalizers()).containsExactly("batch.kubernetes.io/job-tracking");
      assertThat(get(job).getStatus().getActive()).isEqualTo(1);
    });
    assertThat(podsOf(client, job)).hasSize(1);
  }

  @Test
  void onFailureJobFailsWhenRestartsReachTheBackoffLimitAndItsPodIsDeleted() {
    Job spec = job("t5", "restarts", 1, 1, 2);
    spec.getSpec().getTemplate().getSpec().setRestartPolicy("OnFailure");
    Job job = client.batch().v1().jobs().inNamespace("t5").resource(spec).create();
    MockCluster.eventually().untilAsserted(() -> assertThat(podsOf(client, job)).hasSize(1));
    Pod pod = podsOf(client, job).get(0);

    MockCluster.running(client, pod, 2);

    MockCluster.eventually().untilAsserted(() -> {
      Job j = get(job);
      assertThat(j.getStatus().getConditions()).extracting(JobCondition::getType)
          .containsExactly("FailureTarget", "Failed");
      assertThat(j.getStatus().getConditions().get(1).getReason()).isEqualTo("BackoffLimitExceeded");
      assertThat(j.getStatus().getFailed()).isEqualTo(1);
      assertThat(eventsFor(client, job)).extracting(Event::getReason)
          .contains("SuccessfulDelete", "BackoffLimitExceeded");
    });
  }

  @Test
  void activeDeadlineFailsTheJobWithDeadlineExceeded() {
    Job spec = job("t6", "deadline", 1, 1, 6);
    spec.getSpec().setActiveDeadlineSeconds(1L);
    Job job = client.batch().v1().jobs().inNamespace("t6").resource(spec).create();

    MockCluster.eventually().untilAsserted(() -> {
      Job j = get(job);
      assertThat(j.getStatus().getConditions()).extracting(JobCondition::getType)
          .containsExactly("FailureTarget", "Failed");
      assertThat(j.getStatus().getConditions()).allSatisfy(c -> {
        assertThat(c.getReason()).isEqualTo("DeadlineExceeded");
        assertThat(c.getMessage()).isEqualTo("Job was active longer than specified deadline");
      });
      assertThat(eventsFor(client, job)).filteredOn(e -> e.getReason().equals("DeadlineExceeded")).singleElement()
          .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    });
  }

  @Test
  void finishedJobWithTtlZeroIsDeleted() {
    Job spec = job("t7", "short-lived", 1, 1, 6);
    spec.getSpec().setTtlSecondsAfterFinished(0);
    Job job = client.batch().v1().jobs().inNamespace("t7").resource(spec).create();
    MockCluster.eventually().untilAsserted(() -> assertThat(podsOf(client, job)).hasSize(1));

    finish(client, podsOf(client, job).get(0), 0);

    MockCluster.eventually().untilAsserted(() -> assertThat(get(job)).isNull());
  }

  @Test
  void indexedJobRunsOnePodPerIndexAndCompletesWithCompletedIndexes() {
    Job spec = job("t8", "idx", 2, 2, 6);
    spec.getSpec().setCompletionMode("Indexed");
    Job job = client.batch().v1().jobs().inNamespace("t8").resource(spec).create();

    MockCluster.eventually().untilAsserted(() -> assertThat(podsOf(client, job))
        .extracting(p -> p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"))
        .containsExactlyInAnyOrder("0", "1"));
    for (Pod p : podsOf(client, job)) {
      assertThat(p.getSpec().getHostname()).matches("idx-[01]");
      finish(client, p, 0);
    }

    MockCluster.eventually().untilAsserted(() -> {
      Job j = get(job);
      assertThat(j.getStatus().getCompletedIndexes()).isEqualTo("0,1");
      assertThat(j.getStatus().getSucceeded()).isEqualTo(2);
      assertThat(j.getStatus().getConditions()).extracting(JobCondition::getType)
          .containsExactly("SuccessCriteriaMet", "Complete");
    });
    assertThat(podsOf(client, job)).hasSize(2);
  }
}

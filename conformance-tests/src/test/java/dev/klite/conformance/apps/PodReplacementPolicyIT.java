package dev.klite.conformance.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code podReplacementPolicy} through the real controller and kubelet (upstream test/e2e/apps/job.go, "should
 * recreate pods only after they have failed if pod replacement policy is set to Failed"): a Job pod deleted while
 * running takes 15 s to terminate (its TERM trap sleeps); with {@code TerminatingOrFailed} (the default) it counts
 * as failed at once and its replacement starts after the re-creation backoff (shortened to 1 s here), beside it;
 * with {@code Failed} only once it has failed. Both count it in {@code status.terminating} meanwhile.
 */
@EnableKlite(backoff = "PT1S")
class PodReplacementPolicyIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  KubernetesClient client;

  private Job create(String name, String policy) {
    return client.batch().v1().jobs().resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withParallelism(1).withCompletions(1).withBackoffLimit(6).withPodReplacementPolicy(policy)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(30L)
        .addNewContainer().withName("c").withImage(TestPods.IMAGE)
        .withCommand("sh", "-c", "trap 'sleep 15; exit 1' TERM; echo trapped; sleep 100000 & wait").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  private List<Pod> pods(String job) {
    return client.pods().withLabel("job-name", job).list().getItems();
  }

  private Pod deleteTheRunningPod(String job) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(pods(job)).singleElement()
        .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
    Pod first = pods(job).get(0);
    // "Running" comes with the process start; a TERM before the shell has set its trap would end the pod at once.
    await().atMost(WAIT).until(() -> client.pods().withName(first.getMetadata().getName()).getLog().contains("trapped"));
    client.pods().withName(first.getMetadata().getName()).delete();
    return first;
  }

  private Integer terminating(String job) {
    return client.batch().v1().jobs().withName(job).get().getStatus().getTerminating();
  }

  @Test
  void terminatingOrFailedReplacesADeletedPodWhileItIsStillTerminating() {
    create("replace-at-once", "TerminatingOrFailed");
    Pod first = deleteTheRunningPod("replace-at-once");

    await().atMost(WAIT).untilAsserted(() -> {
      List<Pod> now = pods("replace-at-once");
      assertThat(now).hasSize(2);
      assertThat(now).filteredOn(p -> p.getMetadata().getName().equals(first.getMetadata().getName()))
          .singleElement().satisfies(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNotNull());
      assertThat(terminating("replace-at-once")).isEqualTo(1);
    });
  }

  @Test
  void failedReplacesADeletedPodOnlyOnceItHasFailed() {
    create("replace-when-failed", "Failed");
    Pod first = deleteTheRunningPod("replace-when-failed");

    // While the deleted pod terminates (its trap sleeps 15 s), it is the Job's only pod.
    await().atMost(WAIT).untilAsserted(() -> assertThat(terminating("replace-when-failed")).isEqualTo(1));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(pods("replace-when-failed")).singleElement()
            .satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo(first.getMetadata().getName())));

    // Once it has failed (or is gone), the replacement comes, and nothing is terminating any more.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(pods("replace-when-failed")).anySatisfy(p -> {
        assertThat(p.getMetadata().getName()).isNotEqualTo(first.getMetadata().getName());
        assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
      });
      assertThat(terminating("replace-when-failed")).isIn(0, null);
    });
    assertThat(pods("replace-when-failed")).filteredOn(p -> p.getMetadata().getDeletionTimestamp() == null)
        .hasSize(1);
  }
}

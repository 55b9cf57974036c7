package dev.klite.conformance.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #4: a 1,000-completion Job of {@code true} with parallelism 100 completes with exactly 1,000 succeeded pods
 * and no extra pod: expectations and the tracking finalizers must hold while hundreds of pods start, finish and are
 * counted at once. Its own server (not the shared one) and no other test at the same time, so that neither slows the
 * other; the duration is logged, the figure that counts is the benchmark's (BENCHMARKS.md, measure 7).
 */
@EnableKlite(reuse = false)
@Isolated
class LargeJobIT {
  private static final Logger log = LoggerFactory.getLogger(LargeJobIT.class);
  private static final int COMPLETIONS = 1000;
  private static final int PARALLELISM = 100;

  KubernetesClient client;

  @Test
  void aThousandCompletionJobWithParallelism100SucceedsExactlyAThousandTimesWithNoExtraPod() {
    Job job = client.batch().v1().jobs().resource(new JobBuilder().withNewMetadata().withName("thousand").endMetadata()
        .withNewSpec().withCompletions(COMPLETIONS).withParallelism(PARALLELISM).withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("c").withImage("busybox").withCommand("true").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
    long started = System.nanoTime();

    // Until finished either way: a failure (backoffLimit 0) must fail the test at once, not after the timeout.
    Job finished = await().atMost(Duration.ofMinutes(12)).pollInterval(Duration.ofSeconds(2))
        .until(() -> client.batch().v1().jobs().withName("thousand").get(), j -> j.getStatus() != null
            && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                    && "True".equals(c.getStatus())));
    assertThat(finished.getStatus().getConditions()).as("conditions")
        .anySatisfy(c -> assertThat(c.getType()).isEqualTo("Complete"));
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info("1,000-completion Job (parallelism 100) completed in {} s: {} pods/s", String.format("%.1f", seconds),
        String.format("%.1f", COMPLETIONS / seconds));

    Job done = client.batch().v1().jobs().withName("thousand").get();
    assertThat(done.getStatus().getSucceeded()).isEqualTo(COMPLETIONS);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(done.getStatus().getActive()).isNull();
    List<Pod> pods = client.pods().withLabel("batch.kubernetes.io/controller-uid", job.getMetadata().getUid()).list()
        .getItems();
    assertThat(pods).hasSize(COMPLETIONS);
    assertThat(pods).allSatisfy(p -> {
      assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
      assertThat(p.getMetadata().getFinalizers()).as("tracking finalizer released").isEmpty();
    });
    Set<String> names = pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    assertThat(names).hasSize(COMPLETIONS);
  }
}

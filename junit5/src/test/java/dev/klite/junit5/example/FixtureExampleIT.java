package dev.klite.junit5.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@EnableKlite
class FixtureExampleIT {

  @Test
  void jobRunsToCompletionAndItsPodLogsTheOutput(KubernetesClient client) {
    var jobs = client.batch().v1().jobs();
    jobs.resource(new JobBuilder()
        .withNewMetadata().withName("hello").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer().withName("hello").withImage("busybox:1.35")
                .withCommand("sh", "-c", "echo hello from klite").endContainer()
        .endSpec().endTemplate().endSpec()
        .build()).create();

    jobs.withName("hello").waitUntilCondition(
        job -> job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getSucceeded()),
        60, TimeUnit.SECONDS);

    assertThat(jobs.withName("hello").getLog()).isEqualTo("hello from klite\n");
  }
}

package dev.klite.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CronJob controller through the whole ControllerManager against fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class ControllerManagerCronJobTest {

  static KubernetesClient client;
  private ControllerManager manager;

  @BeforeEach
  void start() {
    manager = ControllerManager.start(client, new ControllerManagerConfig(Clock.systemUTC(), Duration.ofMillis(50),
        Duration.ofSeconds(1), 2).withJobSyncBatchPeriod(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  @Test
  void cronJobStartsJobsOnScheduleAndTracksThemAsActive() {
    // robfig's "@every" keeps the test short; a five-field schedule would need a minute.
    CronJob cj = client.batch().v1().cronjobs().inNamespace("c1").resource(new CronJobBuilder()
        .withNewMetadata().withNamespace("c1").withName("tick").endMetadata()
        .withNewSpec().withSchedule("@every 1s").withConcurrencyPolicy("Forbid")
          .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
            .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
          .endSpec().endJobTemplate()
        .endSpec().build()).create();

    MockCluster.eventually().untilAsserted(() -> {
      List<Job> owned = client.batch().v1().jobs().inNamespace("c1").list().getItems().stream()
          .filter(j -> j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
              .anyMatch(r -> r.getUid().equals(cj.getMetadata().getUid()))).toList();
      assertThat(owned).as("Forbid: one at a time").hasSize(1);
      assertThat(owned.get(0).getMetadata().getName()).matches("tick-\\d+");
      CronJob current = client.batch().v1().cronjobs().inNamespace("c1").withName("tick").get();
      assertThat(current.getStatus().getActive()).singleElement()
          .satisfies(r -> assertThat(r.getName()).isEqualTo(owned.get(0).getMetadata().getName()));
      assertThat(current.getStatus().getLastScheduleTime()).isNotNull();
      assertThat(client.v1().events().inNamespace("c1").list().getItems())
          .anySatisfy(e -> assertThat(e.getMessage()).isEqualTo("Created job " + owned.get(0).getMetadata().getName()));
    });
  }
}

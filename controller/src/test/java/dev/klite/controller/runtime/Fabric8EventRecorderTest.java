package dev.klite.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class Fabric8EventRecorderTest {

  static KubernetesClient client;

  private final WorkQueueTest.ManualClock clock = new WorkQueueTest.ManualClock();

  private static Job job(String ns) {
    return new JobBuilder().withNewMetadata().withNamespace(ns).withName("pi").withUid("job-uid")
        .withResourceVersion("7").endMetadata().build();
  }

  private List<Event> events(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems();
  }

  @Test
  void writesAnEventShapedLikeClientGos() {
    Fabric8EventRecorder recorder = new Fabric8EventRecorder(client, "job-controller", "", clock);
    Instant now = clock.instant();

    recorder.event(job("e1"), EventRecorder.NORMAL, "SuccessfulCreate", "Created pod: pi-abcde");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("e1")).singleElement().satisfies(e -> {
      long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      assertThat(e.getMetadata().getName()).isEqualTo("pi." + Long.toHexString(nanos));
      assertThat(e.getMetadata().getNamespace()).isEqualTo("e1");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("Job");
      assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("batch/v1");
      assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("e1");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("pi");
      assertThat(e.getInvolvedObject().getUid()).isEqualTo("job-uid");
      assertThat(e.getInvolvedObject().getResourceVersion()).isEqualTo("7");
      assertThat(e.getType()).isEqualTo("Normal");
      assertThat(e.getReason()).isEqualTo("SuccessfulCreate");
      assertThat(e.getMessage()).isEqualTo("Created pod: pi-abcde");
      assertThat(e.getSource().getComponent()).isEqualTo("job-controller");
      assertThat(e.getReportingComponent()).isEqualTo("job-controller");
      assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z").isEqualTo(e.getLastTimestamp());
      assertThat(e.getCount()).isEqualTo(1);
    }));
  }

  @Test
  void repeatsBumpCountAndLastTimestampOfTheSameEvent() {
    Fabric8EventRecorder recorder = new Fabric8EventRecorder(client, "default-scheduler", "default-scheduler-h", clock);
    recorder.event(job("e2"), EventRecorder.WARNING, "FailedScheduling", "no nodes available to schedule pods");
    clock.advance(Duration.ofSeconds(30));
    recorder.event(job("e2"), EventRecorder.WARNING, "FailedScheduling", "no nodes available to schedule pods");
    recorder.event(job("e2"), EventRecorder.WARNING, "FailedScheduling", "something else");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(events("e2")).hasSize(2);
      assertThat(events("e2")).filteredOn(e -> e.getMessage().startsWith("no nodes")).singleElement().satisfies(e -> {
        assertThat(e.getCount()).isEqualTo(2);
        assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(e.getLastTimestamp()).isEqualTo("2026-01-01T00:00:30Z");
        assertThat(e.getReportingInstance()).isEqualTo("default-scheduler-h");
      });
    });
  }
}

package dev.klite.controller.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

class PodTemplatesTest {

  @Test
  void podCarriesTemplateMetadataOwnerReferenceAndTrackingFinalizer() {
    Job job = JobFixtures.job(1, 1, 6);
    job.getSpec().getTemplate().getMetadata().setFinalizers(new java.util.ArrayList<>(java.util.List.of("example.com/keep")));
    Pod pod = PodTemplates.newPod(job);

    assertThat(pod.getMetadata().getGenerateName()).isEqualTo("job-");
    assertThat(pod.getMetadata().getName()).isNull();
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("batch.kubernetes.io/job-name", "job")
        .containsEntry("batch.kubernetes.io/controller-uid", "job-uid");
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("a", "b");
    assertThat(pod.getMetadata().getFinalizers()).containsExactly("example.com/keep", "batch.kubernetes.io/job-tracking");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
      assertThat(r.getApiVersion()).isEqualTo("batch/v1");
      assertThat(r.getKind()).isEqualTo("Job");
      assertThat(r.getName()).isEqualTo("job");
      assertThat(r.getUid()).isEqualTo("job-uid");
      assertThat(r.getController()).isTrue();
      assertThat(r.getBlockOwnerDeletion()).isTrue();
    });
    assertThat(pod.getSpec().getContainers()).singleElement().satisfies(c -> assertThat(c.getName()).isEqualTo("c"));
  }

  @Test
  void buildingAPodDoesNotMutateTheTemplate() {
    Job job = JobFixtures.job(1, 1, 6);
    Pod pod = PodTemplates.newPod(job);
    pod.getMetadata().getLabels().put("x", "y");
    pod.getSpec().getContainers().get(0).setImage("changed");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("x");
    assertThat(job.getSpec().getTemplate().getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("busybox");
  }
}

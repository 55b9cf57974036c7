package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;

/** Jobs and pods as the informer cache would hold them. */
final class JobFixtures {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private JobFixtures() {}

  static Job job(int parallelism, Integer completions, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata().withNamespace("ns").withName("job").withUid("job-uid").withResourceVersion("10")
          .withGeneration(1L).endMetadata()
        .withNewSpec().withParallelism(parallelism).withCompletions(completions).withBackoffLimit(backoffLimit)
          .withCompletionMode("NonIndexed")
          .withNewTemplate()
            .withNewMetadata().addToLabels("batch.kubernetes.io/job-name", "job")
              .addToLabels("batch.kubernetes.io/controller-uid", "job-uid").addToAnnotations("a", "b").endMetadata()
            .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox").endContainer()
            .endSpec()
          .endTemplate()
        .endSpec()
        .withNewStatus().endStatus()
        .build();
  }

  /** A pod of {@code job} in the given phase, holding the tracking finalizer. */
  static Pod pod(Job job, String name, String phase) {
    return new PodBuilder()
        .withNewMetadata().withNamespace("ns").withName(name).withUid(name + "-uid")
          .withCreationTimestamp(NOW.minusSeconds(60).toString())
          .addToFinalizers(JobPods.TRACKING_FINALIZER)
          .addToOwnerReferences(PodTemplates.controllerRef(job))
        .endMetadata()
        .withNewSpec().withRestartPolicy("Never").endSpec()
        .withNewStatus().withPhase(phase).endStatus()
        .build();
  }

  static Pod finished(Job job, String name, boolean success, Instant finishedAt) {
    return new PodBuilder(pod(job, name, success ? "Succeeded" : "Failed"))
        .editStatus().addNewContainerStatus().withName("c").withRestartCount(0)
          .withNewState().withNewTerminated().withExitCode(success ? 0 : 1).withFinishedAt(finishedAt.toString())
          .endTerminated().endState()
        .endContainerStatus().endStatus()
        .build();
  }
}

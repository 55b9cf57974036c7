package dev.klite.controller;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;

/** Test helpers that play the API server's defaulting and the kubelet against the CRUD mock. */
final class MockCluster {

  private MockCluster() {}

  /** A Job roughly as the API server stores it after defaulting (labels, restartPolicy). */
  static Job job(String ns, String name, int parallelism, int completions, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec()
          .withParallelism(parallelism).withCompletions(completions).withBackoffLimit(backoffLimit)
          .withCompletionMode("NonIndexed")
          .withNewTemplate()
            .withNewMetadata().addToLabels("job-name", name).addToLabels("batch.kubernetes.io/job-name", name)
              .addToAnnotations("note", "from-template").endMetadata()
            .withNewSpec().withRestartPolicy("Never")
              .addNewContainer().withName("main").withImage("busybox").withCommand("true").endContainer()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** Awaitility for the mock tests: the object may not exist or have a status yet, so
   *  exceptions are retried like failed assertions. */
  static org.awaitility.core.ConditionFactory eventually() {
    return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).ignoreExceptions();
  }

  static List<Pod> podsOf(KubernetesClient client, Job job) {
    return client.pods().inNamespace(job.getMetadata().getNamespace()).list().getItems().stream()
        .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> r.getUid().equals(job.getMetadata().getUid())))
        .toList();
  }

  /** Kubelet: the container exited with {@code exitCode}; phase Succeeded or Failed. */
  static void finish(KubernetesClient client, Pod pod, int exitCode) {
    Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    String now = Instant.now().toString();
    current.setStatus(new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withContainerStatuses(new ContainerStatusBuilder().withName("main").withRestartCount(0)
            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error").withFinishedAt(now).endTerminated().build())
            .build())
        .build());
    client.pods().inNamespace(current.getMetadata().getNamespace()).resource(current).updateStatus();
  }

  /** Kubelet: the pod runs; its container has restarted {@code restarts} times (OnFailure). */
  static void running(KubernetesClient client, Pod pod, int restarts) {
    Pod current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    current.setStatus(new PodStatusBuilder()
        .withPhase("Running")
        .withContainerStatuses(new ContainerStatusBuilder().withName("main").withRestartCount(restarts)
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(Instant.now().toString()).endRunning()
                .build())
            .build())
        .build());
    client.pods().inNamespace(current.getMetadata().getNamespace()).resource(current).updateStatus();
  }

  static List<Event> eventsFor(KubernetesClient client, Job job) {
    return client.v1().events().inNamespace(job.getMetadata().getNamespace()).list().getItems().stream()
        .filter(e -> e.getInvolvedObject() != null && job.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static boolean isRunningOrPending(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return phase == null || "Pending".equals(phase) || "Running".equals(phase);
  }
}

package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Builds the pods a Job creates from its template (job-semantics.md §2.5; upstream
 * {@code pkg/controller/controller_utils.go} {@code GetPodFromTemplate} and
 * {@code pkg/controller/job/job_controller.go} {@code manageJob}). Pure; never mutates the Job.
 */
public final class PodTemplates {

  private PodTemplates() {}

  /** A NonIndexed pod: generateName {@code <job>-}, template labels, annotations and finalizers
   *  plus the tracking finalizer, and the controller ownerReference. */
  public static Pod newPod(Job job) {
    PodTemplateSpec template = job.getSpec().getTemplate();
    ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    List<String> finalizers = new ArrayList<>(tm.getFinalizers() == null ? List.of() : tm.getFinalizers());
    if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
      finalizers.add(JobPods.TRACKING_FINALIZER);
    }
    return new PodBuilder()
        .withNewMetadata()
          .withGenerateName(job.getMetadata().getName() + "-")
          .withNamespace(job.getMetadata().getNamespace())
          .withLabels(tm.getLabels() == null ? null : new LinkedHashMap<>(tm.getLabels()))
          .withAnnotations(tm.getAnnotations() == null ? null : new LinkedHashMap<>(tm.getAnnotations()))
          .withFinalizers(finalizers)
          .withOwnerReferences(controllerRef(job))
        .endMetadata()
        .withSpec(template.getSpec() == null ? null : new PodSpecBuilder(template.getSpec()).build())
        .build();
  }

  /**
   * An Indexed pod: as {@link #newPod}, plus the completion index as annotation and label,
   * generateName {@code <job>-<index>-}, hostname {@code <job>-<index>} (subdomain is left to the
   * user), and {@code JOB_COMPLETION_INDEX} in every container and init container that does not
   * define it, read from the label through the downward API.
   */
  public static Pod newIndexedPod(Job job, int index) {
    Pod pod = newPod(job);
    String value = Integer.toString(index);
    pod.getMetadata().setGenerateName(IndexedJobs.generateName(job.getMetadata().getName(), index));
    if (pod.getMetadata().getAnnotations() == null) {
      pod.getMetadata().setAnnotations(new LinkedHashMap<>());
    }
    pod.getMetadata().getAnnotations().put(IndexedJobs.COMPLETION_INDEX, value);
    if (pod.getMetadata().getLabels() == null) {
      pod.getMetadata().setLabels(new LinkedHashMap<>());
    }
    pod.getMetadata().getLabels().put(IndexedJobs.COMPLETION_INDEX, value);
    if (pod.getSpec() != null) {
      pod.getSpec().setHostname(job.getMetadata().getName() + "-" + index);
      addIndexEnv(pod.getSpec().getContainers());
      addIndexEnv(pod.getSpec().getInitContainers());
    }
    return pod;
  }

  private static void addIndexEnv(List<Container> containers) {
    if (containers == null) {
      return;
    }
    for (Container c : containers) {
      List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
      if (env.stream().noneMatch(e -> "JOB_COMPLETION_INDEX".equals(e.getName()))) {
        env.add(new EnvVarBuilder().withName("JOB_COMPLETION_INDEX").withNewValueFrom().withNewFieldRef()
            .withFieldPath("metadata.labels['" + IndexedJobs.COMPLETION_INDEX + "']").endFieldRef().endValueFrom()
            .build());
        c.setEnv(env);
      }
    }
  }

  public static OwnerReference controllerRef(Job job) {
    return new OwnerReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}

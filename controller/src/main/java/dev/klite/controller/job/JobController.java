package dev.klite.controller.job;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.Expectations;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Wiring of the Job controller: Job and Pod informer handlers that only enqueue Job keys (and
 * feed {@link Expectations}), a work queue, and a {@link ControllerLoop} running
 * {@link JobReconciler}. Mirrors upstream {@code NewController} / {@code addPod} / {@code updatePod}
 * / {@code deletePod} / {@code updateJob} in {@code pkg/controller/job/job_controller.go}.
 */
public final class JobController implements AutoCloseable {

  /** Upstream {@code DefaultJobApiBackOff} / {@code MaxJobApiBackOff}. */
  static final Duration API_BACKOFF_BASE = Duration.ofSeconds(1);
  static final Duration API_BACKOFF_MAX = Duration.ofMinutes(1);

  private final ControllerLoop loop;
  private final ControllerLoop orphans;
  private final Expectations expectations;
  private final Duration syncBatchPeriod;

  /**
   * @param syncBatchPeriod delay that batches pod events and status-only Job updates (upstream
   *     {@code syncJobBatchPeriod}, 1 s)
   */
  public JobController(SharedIndexInformer<Job> jobInformer, SharedIndexInformer<Pod> podInformer,
      JobControl jobControl, PodControl podControl, EventRecorder recorder, Clock clock,
      Duration podBackoffBase, Duration podBackoffMax, Duration syncBatchPeriod, int workers, JobMetrics metrics) {
    this.expectations = new Expectations(clock, Expectations.DEFAULT_TTL);
    this.syncBatchPeriod = Objects.requireNonNull(syncBatchPeriod);
    JobReconciler reconciler = new JobReconciler(new InformerLister<>(jobInformer), new InformerLister<>(podInformer),
        jobControl, podControl, recorder, expectations, clock, podBackoffBase, podBackoffMax, metrics);
    this.loop = new ControllerLoop("job-controller", "Job", reconciler,
        new WorkQueue<>(clock, API_BACKOFF_BASE, API_BACKOFF_MAX), workers);
    this.orphans = new ControllerLoop("job-controller-orphan-pods", "Pod",
        new OrphanPodReconciler(new InformerLister<>(podInformer), new InformerLister<>(jobInformer), podControl),
        new WorkQueue<>(clock, API_BACKOFF_BASE, API_BACKOFF_MAX), 1);
    jobInformer.addEventHandler(new JobHandler());
    podInformer.addEventHandler(new PodHandler());
  }

  /** Starts the workers; the informers must have synced. */
  public void start() {
    loop.start();
    orphans.start();
  }

  @Override
  public void close() {
    loop.close();
    orphans.close();
  }

  private void enqueueIfOrphan(Pod pod) {
    if (OrphanPodReconciler.isOrphanWithFinalizer(pod)) {
      orphans.enqueue(ObjectKey.of(pod));
    }
  }

  private final class JobHandler implements ResourceEventHandler<Job> {
    @Override
    public void onAdd(Job job) {
      loop.enqueue(ObjectKey.of(job));
    }

    @Override
    public void onUpdate(Job oldJob, Job newJob) {
      ObjectKey key = ObjectKey.of(newJob);
      boolean specChanged = !Objects.equals(oldJob.getMetadata().getGeneration(), newJob.getMetadata().getGeneration());
      boolean deleting = oldJob.getMetadata().getDeletionTimestamp() == null
          && newJob.getMetadata().getDeletionTimestamp() != null;
      if (specChanged || deleting) {
        loop.enqueue(key);
      } else {
        loop.enqueueAfter(key, syncBatchPeriod);
      }
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
      loop.enqueue(ObjectKey.of(job));
    }
  }

  private final class PodHandler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      enqueueIfOrphan(pod);
      jobKey(pod).ifPresent(key -> {
        expectations.creationObserved(key);
        loop.enqueueAfter(key, syncBatchPeriod);
      });
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      enqueueIfOrphan(newPod);
      Optional<ObjectKey> oldKey = jobKey(oldPod);
      Optional<ObjectKey> newKey = jobKey(newPod);
      newKey.ifPresent(key -> {
        if (oldPod.getMetadata().getDeletionTimestamp() == null && newPod.getMetadata().getDeletionTimestamp() != null) {
          expectations.deletionObserved(key);
        }
        if (!JobPods.hasTrackingFinalizer(newPod)) {
          expectations.finalizerRemovalObserved(key, newPod.getMetadata().getUid());
        }
        loop.enqueueAfter(key, syncBatchPeriod);
      });
      if (oldKey.isPresent() && !oldKey.equals(newKey)) {
        expectations.finalizerRemovalObserved(oldKey.get(), oldPod.getMetadata().getUid());
        loop.enqueueAfter(oldKey.get(), syncBatchPeriod);
      }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      jobKey(pod).ifPresent(key -> {
        if (pod.getMetadata().getDeletionTimestamp() == null) {
          expectations.deletionObserved(key);
        }
        expectations.finalizerRemovalObserved(key, pod.getMetadata().getUid());
        loop.enqueueAfter(key, syncBatchPeriod);
      });
    }
  }

  private static Optional<ObjectKey> jobKey(Pod pod) {
    return JobPods.jobControllerOf(pod).map(OwnerReference::getName)
        .map(name -> new ObjectKey(pod.getMetadata().getNamespace(), name));
  }
}

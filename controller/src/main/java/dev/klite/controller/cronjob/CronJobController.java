package dev.klite.controller.cronjob;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Wiring of the CronJob controller (upstream {@code NewControllerV2}): CronJob adds and updates
 * queue the CronJob at once (the sync is idempotent and computes its own next run); Job events
 * queue the CronJob that controls the Job. Scheduling itself runs on {@code requeueAfter}.
 */
public final class CronJobController implements AutoCloseable {

  private final ControllerLoop loop;

  public CronJobController(SharedIndexInformer<CronJob> cronJobInformer, SharedIndexInformer<Job> jobInformer,
      CronJobControl control, EventRecorder recorder, Clock clock, int workers) {
    CronJobReconciler reconciler = new CronJobReconciler(new InformerLister<>(cronJobInformer),
        new InformerLister<>(jobInformer), control, recorder, clock);
    // Upstream uses the default controller rate limiter for errors.
    loop = new ControllerLoop("cronjob-controller", "CronJob", reconciler,
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(5)), workers);
    cronJobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(CronJob cj) {
        loop.enqueue(ObjectKey.of(cj));
      }

      @Override
      public void onUpdate(CronJob oldCj, CronJob newCj) {
        loop.enqueue(ObjectKey.of(newCj));
      }

      @Override
      public void onDelete(CronJob cj, boolean finalStateUnknown) {
        // Its Jobs are left to the garbage collector.
      }
    });
    jobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        enqueueOwner(job);
      }

      @Override
      public void onUpdate(Job oldJob, Job newJob) {
        enqueueOwner(newJob);
      }

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {
        enqueueOwner(job);
      }
    });
  }

  private void enqueueOwner(Job job) {
    List<OwnerReference> refs = job.getMetadata().getOwnerReferences();
    if (refs == null) {
      return;
    }
    refs.stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()) && "CronJob".equals(r.getKind()))
        .findFirst()
        .ifPresent(r -> loop.enqueue(new ObjectKey(job.getMetadata().getNamespace(), r.getName())));
  }

  public void start() {
    loop.start();
  }

  @Override
  public void close() {
    loop.close();
  }
}

package dev.klite.controller.ttl;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;

/** Wiring of the TTL-after-finished controller: Job adds and updates that need cleanup are queued. */
public final class TtlAfterFinishedController implements AutoCloseable {

  private final ControllerLoop loop;

  public TtlAfterFinishedController(SharedIndexInformer<Job> jobInformer, JobDeleter deleter, Clock clock, int workers) {
    loop = new ControllerLoop("ttl-after-finished-controller", "Job",
        new TtlAfterFinishedReconciler(new InformerLister<>(jobInformer), deleter, clock),
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(5)), workers);
    jobInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        enqueue(job);
      }

      @Override
      public void onUpdate(Job oldJob, Job newJob) {
        enqueue(newJob);
      }

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {
        // Nothing left to clean up.
      }
    });
  }

  private void enqueue(Job job) {
    if (TtlPolicy.needsCleanup(job)) {
      loop.enqueue(ObjectKey.of(job));
    }
  }

  public void start() {
    loop.start();
  }

  @Override
  public void close() {
    loop.close();
  }
}

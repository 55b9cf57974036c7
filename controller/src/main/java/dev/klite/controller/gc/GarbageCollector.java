package dev.klite.controller.gc;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small garbage collector for the two ownership edges klite creates: Pod → Job and
 * Job → CronJob. One loop per kind (keys carry no kind): {@code gc-pods} deletes pods whose Job is
 * gone; {@code gc-jobs} finishes foreground/orphan deletion of Jobs and deletes Jobs whose CronJob
 * is gone; {@code gc-cronjobs} finishes foreground/orphan deletion of CronJobs. Upstream's generic
 * uid graph ({@code pkg/controller/garbagecollector/graph_builder.go}) is not needed for two edges.
 */
public final class GarbageCollector implements AutoCloseable {

  private final ControllerLoop pods;
  private final ControllerLoop jobs;
  private final ControllerLoop cronJobs;

  public GarbageCollector(SharedIndexInformer<Pod> podInformer, SharedIndexInformer<Job> jobInformer,
      SharedIndexInformer<CronJob> cronJobInformer, GcControl control, Clock clock, int workers) {
    InformerLister<Pod> podLister = new InformerLister<>(podInformer);
    InformerLister<Job> jobLister = new InformerLister<>(jobInformer);
    InformerLister<CronJob> cronJobLister = new InformerLister<>(cronJobInformer);

    Reconciler podGc = new DependentCollector<>(podLister, Map.of(OwnerKind.JOB, jobLister), control);
    Reconciler jobOwner = new OwnerFinalizerProcessor<>(jobLister, podLister, control, "Background");
    Reconciler jobDependent = new DependentCollector<>(jobLister, Map.of(OwnerKind.CRONJOB, cronJobLister), control);
    Reconciler jobGc = key -> jobOwner.reconcile(key).merge(jobDependent.reconcile(key));
    Reconciler cronJobGc = new OwnerFinalizerProcessor<>(cronJobLister, jobLister, control, "Foreground");

    pods = loop("garbage-collector-pods", "Pod", podGc, clock, workers);
    jobs = loop("garbage-collector-jobs", "Job", jobGc, clock, workers);
    cronJobs = loop("garbage-collector-cronjobs", "CronJob", cronJobGc, clock, workers);

    podInformer.addEventHandler(handler(pods, p -> enqueueOwners(p, OwnerKind.JOB, jobs), null));
    jobInformer.addEventHandler(handler(jobs, j -> enqueueOwners(j, OwnerKind.CRONJOB, cronJobs),
        j -> enqueueDependents(podInformer, j, pods)));
    cronJobInformer.addEventHandler(handler(cronJobs, c -> { },
        c -> enqueueDependents(jobInformer, c, jobs)));
  }

  private static ControllerLoop loop(String name, String kind, Reconciler r, Clock clock, int workers) {
    // Upstream GC workqueues use the default controller rate limiter (5 ms .. 1000 s); 5 min cap here.
    return new ControllerLoop(name, kind, r, new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(5)), workers);
  }

  /**
   * Every change of an object queues it (as a possible dependent or deleting owner) and its
   * owners (a dependent going away may unblock a foreground deletion); a deleted owner queues its
   * cached dependents, which are now dangling.
   */
  private static <T extends HasMetadata> ResourceEventHandler<T> handler(ControllerLoop self, Consumer<T> owners,
      Consumer<T> onOwnerDeleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        self.enqueue(ObjectKey.of(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        self.enqueue(ObjectKey.of(newObj));
        if (newObj.getMetadata().getDeletionTimestamp() != null) {
          owners.accept(newObj);
        }
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        owners.accept(obj);
        if (onOwnerDeleted != null) {
          onOwnerDeleted.accept(obj);
        }
      }
    };
  }

  private static void enqueueOwners(HasMetadata dependent, OwnerKind kind, ControllerLoop ownerLoop) {
    List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
    if (refs == null) {
      return;
    }
    for (OwnerReference ref : refs) {
      if (kind.matches(ref)) {
        ownerLoop.enqueue(new ObjectKey(dependent.getMetadata().getNamespace(), ref.getName()));
      }
    }
  }

  private static <D extends HasMetadata> void enqueueDependents(SharedIndexInformer<D> dependents, HasMetadata owner,
      ControllerLoop dependentLoop) {
    String uid = owner.getMetadata().getUid();
    for (D d : dependents.getStore().list()) {
      if (OwnerFinalizerProcessor.refTo(d, uid).isPresent()) {
        dependentLoop.enqueue(ObjectKey.of(d));
      }
    }
  }

  public void start() {
    pods.start();
    jobs.start();
    cronJobs.start();
  }

  @Override
  public void close() {
    pods.close();
    jobs.close();
    cronJobs.close();
  }
}

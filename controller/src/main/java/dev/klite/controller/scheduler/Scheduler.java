package dev.klite.controller.scheduler;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.EventRecorder;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;

/**
 * Wiring of the scheduler: unscheduled pods are queued on add/update; when a node appears or
 * changes, or a pod leaves a node (deleted or terminal), every pending pod is queued again
 * (upstream moves unschedulable pods back to the active queue on such cluster events).
 */
public final class Scheduler implements AutoCloseable {

  private final ControllerLoop loop;
  private final SharedIndexInformer<Pod> podInformer;

  public Scheduler(SharedIndexInformer<Pod> podInformer, SharedIndexInformer<Node> nodeInformer, PodBinder binder,
      EventRecorder recorder, Clock clock, int workers) {
    this.podInformer = podInformer;
    SchedulerReconciler reconciler = new SchedulerReconciler(new InformerLister<>(podInformer),
        new InformerLister<>(nodeInformer), binder, recorder, clock);
    // Upstream podInitialBackoffDuration 1 s, podMaxBackoffDuration 10 s.
    this.loop = new ControllerLoop("default-scheduler", "Pod", reconciler,
        new WorkQueue<>(clock, Duration.ofSeconds(1), Duration.ofSeconds(10)), workers);
    podInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        if (SchedulerReconciler.needsScheduling(pod)) {
          loop.enqueue(ObjectKey.of(pod));
        }
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        // Only a pod that newly needs scheduling, or whose spec changed: our own PodScheduled
        // status write must not re-trigger a FailedScheduling attempt.
        if (SchedulerReconciler.needsScheduling(newPod) && (!SchedulerReconciler.needsScheduling(oldPod)
            || !java.util.Objects.equals(oldPod.getSpec(), newPod.getSpec()))) {
          loop.enqueue(ObjectKey.of(newPod));
        } else if (!SchedulerReconciler.needsScheduling(oldPod) && leftNode(oldPod, newPod)) {
          requeuePending();
        }
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        reconciler.forget(pod.getMetadata().getUid());
        requeuePending();
      }
    });
    nodeInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node node) {
        requeuePending();
      }

      @Override
      public void onUpdate(Node oldNode, Node newNode) {
        if (!java.util.Objects.equals(oldNode.getSpec(), newNode.getSpec())
            || NodeFit.isReady(oldNode) != NodeFit.isReady(newNode)
            || !java.util.Objects.equals(oldNode.getMetadata().getLabels(), newNode.getMetadata().getLabels())
            || !java.util.Objects.equals(oldNode.getStatus() == null ? null : oldNode.getStatus().getAllocatable(),
                newNode.getStatus() == null ? null : newNode.getStatus().getAllocatable())) {
          requeuePending();
        }
      }

      @Override
      public void onDelete(Node node, boolean finalStateUnknown) {
        // Nothing gets schedulable by a node going away.
      }
    });
  }

  private static boolean leftNode(Pod oldPod, Pod newPod) {
    String oldPhase = oldPod.getStatus() == null ? null : oldPod.getStatus().getPhase();
    String newPhase = newPod.getStatus() == null ? null : newPod.getStatus().getPhase();
    boolean nowTerminal = "Succeeded".equals(newPhase) || "Failed".equals(newPhase);
    boolean wasTerminal = "Succeeded".equals(oldPhase) || "Failed".equals(oldPhase);
    return nowTerminal && !wasTerminal;
  }

  private void requeuePending() {
    for (Pod pod : podInformer.getStore().list()) {
      if (SchedulerReconciler.needsScheduling(pod)) {
        loop.enqueue(ObjectKey.of(pod));
      }
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

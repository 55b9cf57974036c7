package dev.klite.controller.namespace;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;

/**
 * Wiring of the namespace lifecycle controller (upstream
 * {@code pkg/controller/namespace/namespace_controller.go}): namespace events enqueue the
 * namespace; the queue's rate limiter is upstream's (5 ms doubling to 60 s). In addition to
 * upstream, a pod leaving a terminating namespace re-runs its deletion at once instead of
 * waiting out half the grace-period estimate, so a namespace whose pods stop quickly goes away
 * quickly; the outcome and conditions are the same.
 */
public final class NamespaceController implements AutoCloseable {

  private final ControllerLoop loop;

  public NamespaceController(SharedIndexInformer<Namespace> namespaces, SharedIndexInformer<Pod> pods,
      NamespaceControl control, Clock clock, int workers) {
    loop = new ControllerLoop("namespace-controller", "Namespace", new NamespaceDeleter(control, clock),
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofSeconds(60)), workers);
    namespaces.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        enqueueIfDeleting(ns);
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace ns) {
        enqueueIfDeleting(ns);
      }

      @Override
      public void onDelete(Namespace ns, boolean finalStateUnknown) {
        // nothing left to do
      }
    });
    pods.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        // only departures matter
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        // only departures matter
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        Namespace ns = namespaces.getIndexer().getByKey(pod.getMetadata().getNamespace());
        if (ns != null) {
          enqueueIfDeleting(ns);
        }
      }
    });
  }

  private void enqueueIfDeleting(Namespace ns) {
    if (ns.getMetadata().getDeletionTimestamp() != null) {
      loop.enqueue(ObjectKey.of(ns));
    }
  }

  public ControllerLoop loop() {
    return loop;
  }

  public void start() {
    loop.start();
  }

  @Override
  public void close() {
    loop.close();
  }
}

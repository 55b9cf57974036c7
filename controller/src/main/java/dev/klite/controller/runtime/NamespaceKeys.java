package dev.klite.controller.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Predicate;

/**
 * Event wiring of the controllers keyed by namespace (upstream's ServiceAccounts controller and root-CA publisher):
 * namespace events queue the namespace itself, events of the one object the controller keeps in each namespace
 * queue that object's namespace.
 */
public final class NamespaceKeys {
  private NamespaceKeys() {}

  /** Queues a namespace when it is added, and when it is updated and {@code onUpdate} accepts the new state. */
  public static void onNamespaces(SharedIndexInformer<Namespace> namespaces, ControllerLoop loop,
      Predicate<Namespace> onUpdate) {
    namespaces.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        loop.enqueue(new ObjectKey("", ns.getMetadata().getName()));
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace newNs) {
        if (onUpdate.test(newNs)) {
          loop.enqueue(new ObjectKey("", newNs.getMetadata().getName()));
        }
      }

      @Override
      public void onDelete(Namespace ns, boolean finalStateUnknown) {
        // Nothing to keep in a deleted namespace.
      }
    });
  }

  /**
   * Queues the namespace of a kept object named as {@code kept} accepts when it is deleted, and also when it is
   * updated if {@code onUpdate}; adds queue nothing (the namespace's own add already did).
   */
  public static <T extends HasMetadata> void onKeptObjects(SharedIndexInformer<T> objects, ControllerLoop loop,
      Predicate<String> kept, boolean onUpdate) {
    objects.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        // The namespace's add queued it already.
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (onUpdate) {
          enqueue(newObj);
        }
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        enqueue(obj);
      }

      private void enqueue(T obj) {
        if (kept.test(obj.getMetadata().getName())) {
          loop.enqueue(new ObjectKey("", obj.getMetadata().getNamespace()));
        }
      }
    });
  }
}

package dev.klite.controller.serviceaccount;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;

/**
 * Wiring of the ServiceAccount controller: a namespace added or updated, or a managed
 * ServiceAccount deleted, queues the namespace (upstream {@code serviceaccounts_controller.go}
 * event handlers).
 */
public final class ServiceAccountsController implements AutoCloseable {

  private final ControllerLoop loop;

  public ServiceAccountsController(SharedIndexInformer<Namespace> namespaceInformer,
      SharedIndexInformer<ServiceAccount> serviceAccountInformer, ServiceAccountControl control, Clock clock,
      int workers) {
    loop = new ControllerLoop("serviceaccount-controller", "Namespace",
        new ServiceAccountsReconciler(new InformerLister<>(namespaceInformer), new InformerLister<>(serviceAccountInformer),
            control),
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(5)), workers);
    namespaceInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        loop.enqueue(new ObjectKey("", ns.getMetadata().getName()));
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace newNs) {
        loop.enqueue(new ObjectKey("", newNs.getMetadata().getName()));
      }

      @Override
      public void onDelete(Namespace ns, boolean finalStateUnknown) {
        // Nothing to keep in a deleted namespace.
      }
    });
    serviceAccountInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ServiceAccount sa) {
        // An added account needs nothing.
      }

      @Override
      public void onUpdate(ServiceAccount oldSa, ServiceAccount newSa) {
        // Updates keep the account.
      }

      @Override
      public void onDelete(ServiceAccount sa, boolean finalStateUnknown) {
        if (ServiceAccountsReconciler.MANAGED.contains(sa.getMetadata().getName())) {
          loop.enqueue(new ObjectKey("", sa.getMetadata().getNamespace()));
        }
      }
    });
  }

  public void start() {
    loop.start();
  }

  @Override
  public void close() {
    loop.close();
  }
}

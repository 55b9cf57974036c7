package dev.klite.controller.serviceaccount;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.NamespaceKeys;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
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
    NamespaceKeys.onNamespaces(namespaceInformer, loop, ns -> true);
    // Only a deleted managed account is re-created; updates keep it.
    NamespaceKeys.onKeptObjects(serviceAccountInformer, loop, ServiceAccountsReconciler.MANAGED::contains, false);
  }

  public void start() {
    loop.start();
  }

  @Override
  public void close() {
    loop.close();
  }
}

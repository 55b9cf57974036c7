package dev.klite.controller.rootca;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;

/**
 * Wiring of the root-CA publisher: namespace adds and updates (active ones), and updates or deletes
 * of a {@code kube-root-ca.crt} ConfigMap, queue the namespace (upstream {@code publisher.go}).
 */
public final class RootCaPublisher implements AutoCloseable {

  private final ControllerLoop loop;

  public RootCaPublisher(SharedIndexInformer<Namespace> namespaceInformer, SharedIndexInformer<ConfigMap> configMapInformer,
      ConfigMapControl control, String rootCa, Clock clock, int workers) {
    loop = new ControllerLoop("root-ca-cert-publisher", "Namespace",
        new RootCaPublisherReconciler(new InformerLister<>(namespaceInformer), new InformerLister<>(configMapInformer),
            control, rootCa),
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(5)), workers);
    namespaceInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        loop.enqueue(new ObjectKey("", ns.getMetadata().getName()));
      }

      @Override
      public void onUpdate(Namespace oldNs, Namespace newNs) {
        if (newNs.getStatus() == null || "Active".equals(newNs.getStatus().getPhase())) {
          loop.enqueue(new ObjectKey("", newNs.getMetadata().getName()));
        }
      }

      @Override
      public void onDelete(Namespace ns, boolean finalStateUnknown) {
        // Nothing to publish into a deleted namespace.
      }
    });
    configMapInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap cm) {
        // Upstream ignores adds: the namespace's own add already queued it.
      }

      @Override
      public void onUpdate(ConfigMap oldCm, ConfigMap newCm) {
        enqueue(newCm);
      }

      @Override
      public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
        enqueue(cm);
      }
    });
  }

  private void enqueue(ConfigMap cm) {
    if (RootCaPublisherReconciler.CONFIG_MAP.equals(cm.getMetadata().getName())) {
      loop.enqueue(new ObjectKey("", cm.getMetadata().getNamespace()));
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

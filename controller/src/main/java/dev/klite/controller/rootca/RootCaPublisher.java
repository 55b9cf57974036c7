package dev.klite.controller.rootca;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.NamespaceKeys;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
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
    NamespaceKeys.onNamespaces(namespaceInformer, loop,
        ns -> ns.getStatus() == null || "Active".equals(ns.getStatus().getPhase()));
    NamespaceKeys.onKeptObjects(configMapInformer, loop, RootCaPublisherReconciler.CONFIG_MAP::equals, true);
  }

  public void start() {
    loop.start();
  }

  @Override
  public void close() {
    loop.close();
  }
}

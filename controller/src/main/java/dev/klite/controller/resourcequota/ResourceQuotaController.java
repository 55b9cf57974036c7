package dev.klite.controller.resourcequota;

import dev.klite.controller.runtime.ControllerLoop;
import dev.klite.controller.runtime.InformerLister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.WorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Wiring of the ResourceQuota controller: a quota added or updated is synced; an object of a
 * tracked kind added, deleted, or changed in a way that alters its usage, syncs every quota of its
 * namespace (upstream {@code resource_quota_controller.go} with its replenishment monitors,
 * {@code resource_quota_monitor.go}). The quota informer's resync (upstream
 * {@code --resource-quota-sync-period}, 5 min) re-checks every quota.
 */
public final class ResourceQuotaController implements AutoCloseable {

  private final ControllerLoop loop;
  private final InformerLister<ResourceQuota> quotas;

  /**
   * @param counted informers of the kinds counted by object count only, keyed by quota resource name
   *     ({@code configmaps}, {@code jobs.batch}, ...)
   */
  public ResourceQuotaController(SharedIndexInformer<ResourceQuota> quotaInformer, SharedIndexInformer<Pod> pods,
      SharedIndexInformer<Service> services, Map<String, SharedIndexInformer<? extends HasMetadata>> counted,
      QuotaStatusControl control, Clock clock, int workers) {
    this.quotas = new InformerLister<>(quotaInformer);
    InformerLister<Pod> podLister = new InformerLister<>(pods);
    InformerLister<Service> serviceLister = new InformerLister<>(services);
    Map<String, InformerLister<? extends HasMetadata>> countedListers = new HashMap<>();
    counted.forEach((resource, informer) -> countedListers.put(resource, lister(informer)));
    loop = new ControllerLoop("resourcequota-controller", "ResourceQuota",
        new ResourceQuotaReconciler(quotas, ns -> {
          Map<String, Long> counts = new HashMap<>();
          countedListers.forEach((resource, l) -> counts.put(resource, (long) l.list(ns).size()));
          return new QuotaUsage.Inventory(podLister.list(ns), serviceLister.list(ns), counts);
        }, control, clock),
        new WorkQueue<>(clock, Duration.ofMillis(5), Duration.ofMinutes(5)), workers);
    quotaInformer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ResourceQuota q) {
        loop.enqueue(ObjectKey.of(q));
        enqueueNamespace(q);
      }

      /**
       * As upstream, status updates (ours, or the quota admission's increments) are not synced:
       * only a changed spec.hard, or the periodic resync (same resourceVersion), is.
       */
      @Override
      public void onUpdate(ResourceQuota oldQ, ResourceQuota newQ) {
        boolean resync = Objects.equals(oldQ.getMetadata().getResourceVersion(), newQ.getMetadata().getResourceVersion());
        if (resync || !Objects.equals(hard(oldQ), hard(newQ))) {
          loop.enqueue(ObjectKey.of(newQ));
        }
      }

      @Override
      public void onDelete(ResourceQuota q, boolean finalStateUnknown) {
        enqueueNamespace(q);
      }
    });
    pods.addEventHandler(replenish((a, b) -> !Objects.equals(phase(a), phase(b))
        || !Objects.equals(a.getMetadata().getDeletionTimestamp(), b.getMetadata().getDeletionTimestamp())
        || !Objects.equals(a.getSpec(), b.getSpec())));
    services.addEventHandler(replenish((a, b) -> !Objects.equals(a.getSpec(), b.getSpec())));
    counted.values().forEach(informer -> addCountHandler(informer));
  }

  private static <T extends HasMetadata> InformerLister<T> lister(SharedIndexInformer<T> informer) {
    return new InformerLister<>(informer);
  }

  private <T extends HasMetadata> void addCountHandler(SharedIndexInformer<T> informer) {
    informer.addEventHandler(replenish((a, b) -> false));
  }

  private static Map<String, String> hard(ResourceQuota q) {
    Map<String, String> out = new HashMap<>();
    if (q.getSpec() != null && q.getSpec().getHard() != null) {
      q.getSpec().getHard().forEach((k, v) -> out.put(k, v.toString()));
    }
    return out;
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  /** Object adds and deletes always change usage; updates only when {@code changed} says so. */
  private <T extends HasMetadata> ResourceEventHandler<T> replenish(BiPredicate<T, T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        enqueueNamespace(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (changed.test(oldObj, newObj)) {
          enqueueNamespace(newObj);
        }
      }

      @Override
      public void onDelete(T obj, boolean finalStateUnknown) {
        enqueueNamespace(obj);
      }
    };
  }

  private void enqueueNamespace(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    if (ns == null) {
      return;
    }
    for (ResourceQuota q : quotas.list(ns)) {
      loop.enqueue(ObjectKey.of(q));
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

package dev.klite.controller.resourcequota;

import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.ObjectKey;
import dev.klite.controller.runtime.Reconciler;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Recomputes one quota's {@code status.hard} (a copy of {@code spec.hard}) and {@code status.used}
 * and writes them when they changed (upstream {@code pkg/controller/resourcequota/resource_quota_controller.go}
 * {@code syncResourceQuota}).
 */
public final class ResourceQuotaReconciler implements Reconciler {

  private final Lister<ResourceQuota> quotas;
  private final Function<String, QuotaUsage.Inventory> inventory;
  private final QuotaStatusControl control;
  private final Clock clock;

  /** @param inventory what a namespace holds, read from caches */
  ResourceQuotaReconciler(Lister<ResourceQuota> quotas, Function<String, QuotaUsage.Inventory> inventory,
      QuotaStatusControl control, Clock clock) {
    this.quotas = Objects.requireNonNull(quotas);
    this.inventory = Objects.requireNonNull(inventory);
    this.control = Objects.requireNonNull(control);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Result reconcile(ObjectKey key) {
    ResourceQuota quota = quotas.get(key.namespace(), key.name()).orElse(null);
    if (quota == null || quota.getSpec() == null) {
      return Result.done();
    }
    Map<String, String> used = QuotaUsage.used(quota.getSpec(), inventory.apply(key.namespace()), clock.instant());
    Map<String, String> hard = strings(quota.getSpec().getHard());
    ResourceQuotaStatus status = quota.getStatus();
    if (status != null && hard.equals(strings(status.getHard())) && used.equals(strings(status.getUsed()))) {
      return Result.done();
    }
    Map<String, Quantity> newHard = new LinkedHashMap<>();
    quota.getSpec().getHard().forEach((k, v) -> newHard.put(k, new Quantity(v.toString())));
    Map<String, Quantity> newUsed = new LinkedHashMap<>();
    used.forEach((k, v) -> newUsed.put(k, new Quantity(v)));
    control.updateStatus(new ResourceQuotaBuilder(quota).withNewStatus().withHard(newHard).withUsed(newUsed).endStatus()
        .build());
    return Result.done();
  }

  private static Map<String, String> strings(Map<String, Quantity> list) {
    Map<String, String> out = new TreeMap<>();
    if (list != null) {
      list.forEach((k, v) -> out.put(k, v.toString()));
    }
    return out;
  }
}

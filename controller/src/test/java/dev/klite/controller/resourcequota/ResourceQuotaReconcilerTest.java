package dev.klite.controller.resourcequota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceQuotaReconcilerTest {

  private final FakeLister<ResourceQuota> quotas = new FakeLister<>();
  private final List<ResourceQuota> written = new ArrayList<>();
  private long configMaps = 1;
  private final ResourceQuotaReconciler reconciler = new ResourceQuotaReconciler(quotas,
      ns -> new QuotaUsage.Inventory(List.of(), List.of(), Map.of("configmaps", configMaps)), written::add,
      Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC));

  private static ResourceQuotaBuilder quota() {
    return new ResourceQuotaBuilder().withNewMetadata().withNamespace("ns").withName("q").withResourceVersion("5")
        .endMetadata().withNewSpec().addToHard("configmaps", new Quantity("10")).addToHard("count/foo", new Quantity("1"))
        .endSpec();
  }

  @Test
  void writesHardAndUsedForTheResourcesItKnows() {
    quotas.put(quota().build());
    reconciler.reconcile(new ObjectKey("ns", "q"));
    assertThat(written).singleElement().satisfies(q -> {
      assertThat(q.getMetadata().getResourceVersion()).isEqualTo("5");
      assertThat(q.getStatus().getHard()).containsOnlyKeys("configmaps", "count/foo");
      assertThat(q.getStatus().getUsed()).isEqualTo(Map.of("configmaps", new Quantity("1")));
    });
  }

  @Test
  void anUpToDateStatusIsNotWrittenAgainButAChangeIs() {
    quotas.put(quota().withNewStatus().addToHard("configmaps", new Quantity("10")).addToHard("count/foo", new Quantity("1"))
        .addToUsed("configmaps", new Quantity("1")).endStatus().build());
    reconciler.reconcile(new ObjectKey("ns", "q"));
    assertThat(written).isEmpty();

    configMaps = 2;
    reconciler.reconcile(new ObjectKey("ns", "q"));
    assertThat(written).singleElement().satisfies(q ->
        assertThat(q.getStatus().getUsed()).isEqualTo(Map.of("configmaps", new Quantity("2"))));
  }

  @Test
  void aDeletedQuotaIsIgnored() {
    reconciler.reconcile(new ObjectKey("ns", "gone"));
    assertThat(written).isEmpty();
  }
}

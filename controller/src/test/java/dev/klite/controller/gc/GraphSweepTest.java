package dev.klite.controller.gc;

import static dev.klite.controller.gc.GcFixtures.CONFIGMAPS;
import static dev.klite.controller.gc.GcFixtures.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.discovery.ResourceType;
import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.Lister;
import dev.klite.controller.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphSweepTest {

  static final ResourceType EVENTS = new ResourceType("", "v1", "events", "Event", true, GcFixtures.VERBS);

  private final FakeLister<Pod> pods = new FakeLister<>();
  private final FakeGcControl control = new FakeGcControl();
  private final GraphSweep sweep = new GraphSweep(Map.<ResourceType, Lister<? extends HasMetadata>>of(PODS, pods),
      control, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(5));

  static ConfigMap configMap(String name, String ownerKind, String ownerApiVersion, String ownerName, String ownerUid) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid(name)
        .addNewOwnerReference().withApiVersion(ownerApiVersion).withKind(ownerKind).withName(ownerName)
          .withUid(ownerUid).endOwnerReference()
        .endMetadata().build();
  }

  @Test
  void relistedDependentOfAVanishedInformerOwnerIsDeletedAfterALiveCheck() {
    control.types.addAll(List.of(PODS, CONFIGMAPS));
    control.listed.put(CONFIGMAPS, List.of(configMap("cm", "Pod", "v1", "web", "web-uid")));
    Result r = sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).containsExactly("get pods web", "delete cm Background");
    assertThat(r.requeueDelay()).contains(Duration.ZERO);
  }

  @Test
  void ownerFoundLiveButNotYetCachedProtectsItsDependent() {
    control.types.addAll(List.of(PODS, CONFIGMAPS));
    control.listed.put(CONFIGMAPS, List.of(configMap("cm", "Pod", "v1", "web", "web-uid")));
    control.live.put("pods/web", new PodBuilder().withNewMetadata().withName("web").withUid("web-uid").endMetadata()
        .build());
    Result r = sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).containsExactly("get pods web");
    assertThat(r.requeueDelay()).contains(Duration.ofSeconds(5));
  }

  @Test
  void ownerWithAnotherUidIsAbsent() {
    control.types.addAll(List.of(PODS, CONFIGMAPS));
    control.listed.put(CONFIGMAPS, List.of(configMap("cm", "Pod", "v1", "web", "old-uid")));
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("web").withUid("new-uid").endMetadata()
        .build());
    control.live.put("pods/web", pods.get("ns", "web").orElseThrow());
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).containsExactly("get pods web", "delete cm Background");
  }

  @Test
  void ownerOfAKindDiscoveryDoesNotKnowLeavesTheDependentAlone() {
    control.types.addAll(List.of(PODS, CONFIGMAPS));
    control.listed.put(CONFIGMAPS, List.of(configMap("cm", "Widget", "example.com/v1", "w", "w-uid")));
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).isEmpty();
  }

  @Test
  void informerTypesAndEventsAreNotRelistedAndRelistsWaitForThePeriod() {
    control.types.addAll(List.of(PODS, CONFIGMAPS, EVENTS));
    sweep.reconcile(GarbageCollector.SWEEP);
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.lists).isEqualTo(1);
  }

  @Test
  void informerCachedDependentsAreCollectedWithoutDiscovery() {
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("p")
        .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName("gone").withUid("gone-uid")
        .endOwnerReference().endMetadata().build());
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).containsExactly("get pods gone", "delete p Background");
  }

  @Test
  void aRequestedRelistSeesADependentCreatedSinceTheLastOneBeforeThePeriodEnds() {
    java.util.concurrent.atomic.AtomicReference<Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock stepped = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    GraphSweep sweep = new GraphSweep(Map.<ResourceType, Lister<? extends HasMetadata>>of(PODS, pods), control,
        stepped, Duration.ofSeconds(30));
    control.types.addAll(List.of(PODS, CONFIGMAPS));
    sweep.reconcile(GarbageCollector.SWEEP);
    // Created after the relist, and its owner is gone: the periodic relist is 30 s away.
    control.listed.put(CONFIGMAPS, List.of(configMap("cm", "Pod", "v1", "web", "web-uid")));
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).isEmpty();
    sweep.requestRelist();
    // Within a second of the last relist the request waits, and the pass asks to run again when it may.
    Result waiting = sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).isEmpty();
    assertThat(waiting.requeueDelay()).contains(GraphSweep.MIN_RELIST_INTERVAL);
    now.set(now.get().plus(GraphSweep.MIN_RELIST_INTERVAL));
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).containsExactly("get pods web", "delete cm Background");
  }

  @Test
  void aRelistedObjectWithoutOwnersStillProtectsWhatItOwnsWithoutALiveCheck() {
    control.types.addAll(List.of(PODS, CONFIGMAPS));
    ConfigMap owner = new ConfigMapBuilder().withNewMetadata().withNamespace("ns").withName("settings")
        .withUid("settings-uid").endMetadata().build();
    control.listed.put(CONFIGMAPS, List.of(owner));
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("reader").withUid("reader-uid")
        .addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap").withName("settings").withUid("settings-uid")
        .endOwnerReference().endMetadata().build());
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).isEmpty();
  }

  @Test
  void anInformedOwnerWithoutOwnersIsFoundInItsCacheByNameWithoutALiveCheck() {
    control.types.addAll(List.of(PODS));
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("web").withUid("web-uid").endMetadata()
        .build());
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("sidecar").withUid("sidecar-uid")
        .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName("web").withUid("web-uid")
        .endOwnerReference().endMetadata().build());
    // Same name, another uid: the cached owner is not the referenced one, so it is checked live and found absent.
    pods.put(new PodBuilder().withNewMetadata().withNamespace("ns").withName("stale").withUid("stale-uid")
        .addNewOwnerReference().withApiVersion("v1").withKind("Pod").withName("web").withUid("old-web-uid")
        .endOwnerReference().endMetadata().build());
    sweep.reconcile(GarbageCollector.SWEEP);
    assertThat(control.actions).containsExactly("get pods web", "delete stale Background");
  }
}

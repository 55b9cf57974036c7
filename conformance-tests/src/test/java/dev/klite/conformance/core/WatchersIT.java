package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RecordingWatcher;
import dev.klite.conformance.support.RecordingWatcher.Event;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/apimachinery/watch.go, re-stated against ConfigMaps. */
@EnableKlite
class WatchersIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String LABEL = "watch-this-configmap";

  KubernetesClient client;

  private ConfigMap create(String name, String labelValue) {
    return client.configMaps().resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name).withLabels(Map.of(LABEL, labelValue)).endMetadata().build()).create();
  }

  private ConfigMap mutate(String name, String value) {
    return client.configMaps().withName(name).edit(cm -> new ConfigMapBuilder(cm).addToData("mutation", value).build());
  }

  private static void expect(RecordingWatcher<ConfigMap> w, Action action, String name, String mutation) throws InterruptedException {
    Event<ConfigMap> e = w.next(WAIT);
    assertThat(e.action()).isEqualTo(action);
    assertThat(e.name()).isEqualTo(name);
    if (mutation != null) assertThat(e.object().getData()).containsEntry("mutation", mutation);
  }

  @Test
  @Conformance("[sig-api-machinery] Watchers should observe add, update, and delete watch notifications on configmaps")
  void watchersShouldObserveAddUpdateAndDeleteWatchNotificationsOnConfigmaps() throws Exception {
    RecordingWatcher<ConfigMap> a = new RecordingWatcher<>();
    RecordingWatcher<ConfigMap> b = new RecordingWatcher<>();
    RecordingWatcher<ConfigMap> ab = new RecordingWatcher<>();
    try (Watch wa = client.configMaps().withLabel(LABEL, "multiple-watchers-A").watch(a);
         Watch wb = client.configMaps().withLabel(LABEL, "multiple-watchers-B").watch(b);
         Watch wab = client.configMaps().withLabelIn(LABEL, "multiple-watchers-A", "multiple-watchers-B").watch(ab)) {
      create("e2e-watch-test-configmap-a", "multiple-watchers-A");
      expect(a, Action.ADDED, "e2e-watch-test-configmap-a", null);
      expect(ab, Action.ADDED, "e2e-watch-test-configmap-a", null);
      mutate("e2e-watch-test-configmap-a", "1");
      expect(a, Action.MODIFIED, "e2e-watch-test-configmap-a", "1");
      expect(ab, Action.MODIFIED, "e2e-watch-test-configmap-a", "1");
      mutate("e2e-watch-test-configmap-a", "2");
      expect(a, Action.MODIFIED, "e2e-watch-test-configmap-a", "2");
      expect(ab, Action.MODIFIED, "e2e-watch-test-configmap-a", "2");
      client.configMaps().withName("e2e-watch-test-configmap-a").delete();
      expect(a, Action.DELETED, "e2e-watch-test-configmap-a", null);
      expect(ab, Action.DELETED, "e2e-watch-test-configmap-a", null);

      create("e2e-watch-test-configmap-b", "multiple-watchers-B");
      expect(b, Action.ADDED, "e2e-watch-test-configmap-b", null);
      expect(ab, Action.ADDED, "e2e-watch-test-configmap-b", null);
      client.configMaps().withName("e2e-watch-test-configmap-b").delete();
      expect(b, Action.DELETED, "e2e-watch-test-configmap-b", null);
      expect(ab, Action.DELETED, "e2e-watch-test-configmap-b", null);
      a.expectNothing(Duration.ofMillis(500));
    }
  }

  @Test
  @Conformance("[sig-api-machinery] Watchers should be able to start watching from a specific resource version")
  void watchersShouldBeAbleToStartWatchingFromASpecificResourceVersion() throws Exception {
    String name = "e2e-watch-test-resource-version";
    create(name, "from-resource-version");
    ConfigMap first = mutate(name, "1");
    mutate(name, "2");
    client.configMaps().withName(name).delete();

    RecordingWatcher<ConfigMap> w = new RecordingWatcher<>();
    try (Watch watch = client.configMaps().withLabel(LABEL, "from-resource-version")
        .watch(new ListOptionsBuilder().withResourceVersion(first.getMetadata().getResourceVersion()).build(), w)) {
      expect(w, Action.MODIFIED, name, "2");
      expect(w, Action.DELETED, name, "2");
      w.expectNothing(Duration.ofMillis(500));
    }
  }

  @Test
  @Conformance("[sig-api-machinery] Watchers should be able to restart watching from the last resource version observed by the previous watch")
  void watchersShouldBeAbleToRestartWatchingFromTheLastResourceVersionObservedByThePreviousWatch() throws Exception {
    String name = "e2e-watch-test-watch-closed";
    String lastSeen;
    RecordingWatcher<ConfigMap> w1 = new RecordingWatcher<>();
    try (Watch watch = client.configMaps().withLabel(LABEL, "watch-closed-and-restarted").watch(w1)) {
      create(name, "watch-closed-and-restarted");
      mutate(name, "1");
      expect(w1, Action.ADDED, name, null);
      Event<ConfigMap> modified = w1.next(WAIT);
      assertThat(modified.action()).isEqualTo(Action.MODIFIED);
      lastSeen = modified.resourceVersion();
    }
    mutate(name, "2");
    client.configMaps().withName(name).delete();

    RecordingWatcher<ConfigMap> w2 = new RecordingWatcher<>();
    try (Watch watch = client.configMaps().withLabel(LABEL, "watch-closed-and-restarted")
        .watch(new ListOptionsBuilder().withResourceVersion(lastSeen).build(), w2)) {
      expect(w2, Action.MODIFIED, name, "2");
      expect(w2, Action.DELETED, name, null);
    }
  }

  @Test
  @Conformance("[sig-api-machinery] Watchers should observe an object deletion if it stops meeting the requirements of the selector")
  void watchersShouldObserveAnObjectDeletionIfItStopsMeetingTheRequirementsOfTheSelector() throws Exception {
    String name = "e2e-watch-test-label-changed";
    RecordingWatcher<ConfigMap> w = new RecordingWatcher<>();
    try (Watch watch = client.configMaps().withLabel(LABEL, "label-changed-and-restored").watch(w)) {
      create(name, "label-changed-and-restored");
      expect(w, Action.ADDED, name, null);
      mutate(name, "1");
      expect(w, Action.MODIFIED, name, "1");

      client.configMaps().withName(name).edit(cm -> new ConfigMapBuilder(cm).editMetadata()
          .addToLabels(LABEL, "wrong-value").endMetadata().build());
      expect(w, Action.DELETED, name, null);
      mutate(name, "2");
      w.expectNothing(Duration.ofSeconds(1));

      client.configMaps().withName(name).edit(cm -> new ConfigMapBuilder(cm).editMetadata()
          .addToLabels(LABEL, "label-changed-and-restored").endMetadata().build());
      expect(w, Action.ADDED, name, "2");
      mutate(name, "3");
      expect(w, Action.MODIFIED, name, "3");
      client.configMaps().withName(name).delete();
      expect(w, Action.DELETED, name, null);
    }
  }

  @Test
  @Conformance("[sig-api-machinery] Watchers should receive events on concurrent watches in same order")
  void watchersShouldReceiveEventsOnConcurrentWatchesInSameOrder() throws Exception {
    String startRv = client.configMaps().list().getMetadata().getResourceVersion();
    int writes = 30;
    Thread producer = new Thread(() -> {
      for (int i = 0; i < writes; i++) {
        String name = "e2e-watch-test-order-" + (i % 5);
        if (client.configMaps().withName(name).get() == null) {
          create(name, "concurrent");
        } else if (i % 3 == 0) {
          client.configMaps().withName(name).delete();
        } else {
          mutate(name, Integer.toString(i));
        }
      }
    }, "configmap-producer");
    producer.start();

    List<RecordingWatcher<ConfigMap>> watchers = new ArrayList<>();
    List<Watch> watches = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        RecordingWatcher<ConfigMap> w = new RecordingWatcher<>();
        watchers.add(w);
        watches.add(client.configMaps().withLabel(LABEL, "concurrent")
            .watch(new ListOptionsBuilder().withResourceVersion(startRv).build(), w));
      }
      producer.join(Duration.ofSeconds(60).toMillis());
      List<String> reference = null;
      for (RecordingWatcher<ConfigMap> w : watchers) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
          Event<ConfigMap> e = w.next(WAIT);
          order.add(e.action() + "/" + e.name() + "/" + e.resourceVersion());
        }
        if (reference == null) reference = order;
        else assertThat(order).containsExactlyElementsOf(reference);
      }
    } finally {
      watches.forEach(Watch::close);
    }
  }
}

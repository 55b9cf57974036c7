package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.klite.apiserver.watch.WatchSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fabric8 (unchanged, its Vert.x HTTP client and WebSocket watches) against a real ApiServer:
 * informers through many changes and compaction, the four patch types, optimistic concurrency,
 * consistent pagination under writes.
 */
class Fabric8ClientsTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    // A small per-watch queue so bursts end watches (as a slow client would) and informers re-watch.
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true)
        .withWatchSettings(new WatchSettings(64, Duration.ofSeconds(1), Duration.ofSeconds(10))));
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url().toString())
        .withCaCertData(Base64.getEncoder().encodeToString(server.caCertificatePem().getBytes()))
        .withOauthToken(server.adminToken()).withRequestRetryBackoffLimit(0).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    for (String ns : List.of("inf", "patch", "occ", "page")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
        .withName("c").withImage("busybox").endContainer().endSpec().build();
  }

  private static Job job(String name) {
    return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNewTemplate()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox").endContainer()
        .endSpec().endTemplate().endSpec().build();
  }

  private static Map<String, String> versions(List<? extends HasMetadata> items) {
    return items.stream().collect(Collectors.toMap(i -> i.getMetadata().getName(),
        i -> i.getMetadata().getResourceVersion()));
  }

  @Test
  void informersStayInSyncThroughAThousandChangesAndACompaction() throws Exception {
    SharedIndexInformer<Pod> pods = client.pods().inNamespace("inf").inform();
    SharedIndexInformer<Job> jobs = client.batch().v1().jobs().inNamespace("inf").inform();
    try {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<CompletableFuture<?>> writes = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        writes.add(CompletableFuture.runAsync(() -> {
          client.pods().inNamespace("inf").resource(pod("p" + n)).create();
          client.batch().v1().jobs().inNamespace("inf").resource(job("j" + n)).create();
          for (int k = 0; k < 9; k++) {
            String v = Integer.toString(k);
            client.pods().inNamespace("inf").withName("p" + n).edit(p -> {
              p.getMetadata().setLabels(Map.of("round", v));
              return p;
            });
            client.batch().v1().jobs().inNamespace("inf").withName("j" + n).edit(j -> {
              j.getMetadata().setLabels(Map.of("round", v));
              return j;
            });
          }
          if (n % 5 == 0) client.pods().inNamespace("inf").withName("p" + n).withGracePeriod(0).delete();
          if (n == 25) server.store().compact(server.store().currentRevision());
        }, pool));
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      pool.shutdown();
      // 50 pods + 50 jobs created, 9 edits each, 10 pods deleted: 1,010 changes.
      server.store().compact(server.store().currentRevision());
      client.configMaps().inNamespace("inf").resource(new ConfigMapBuilder().withNewMetadata().withName("after")
          .endMetadata().build()).create();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(versions(pods.getStore().list()))
            .isEqualTo(versions(client.pods().inNamespace("inf").list().getItems()));
        assertThat(versions(jobs.getStore().list()))
            .isEqualTo(versions(client.batch().v1().jobs().inNamespace("inf").list().getItems()));
      });
      assertThat(pods.getStore().list()).hasSize(40);
      assertThat(jobs.getStore().list()).hasSize(50)
          .allSatisfy(j -> assertThat(j.getMetadata().getLabels()).containsEntry("round", "8"));
    } finally {
      pods.close();
      jobs.close();
    }
  }

  @Test
  void aWatchFromACompactedResourceVersionFailsWith410() throws Exception {
    String rv = client.configMaps().inNamespace("inf").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("old").endMetadata().build()).create().getMetadata().getResourceVersion();
    client.configMaps().inNamespace("inf").withName("old").edit(c -> {
      c.setData(Map.of("a", "b"));
      return c;
    });
    server.store().compact(server.store().currentRevision());
    CompletableFuture<WatcherException> closed = new CompletableFuture<>();
    try {
      client.configMaps().inNamespace("inf").withResourceVersion(rv).watch(new Watcher<ConfigMap>() {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {}

        @Override
        public void onClose(WatcherException cause) {
          closed.complete(cause);
        }
      });
      assertThat(closed.get(10, TimeUnit.SECONDS).isHttpGone()).isTrue();
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).isEqualTo(410);
    }
  }

  @Test
  void allFourPatchTypesIncludingServerSideApply() {
    client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
        .endMetadata().addToData("a", "1").build()).create();
    var cm = client.configMaps().inNamespace("patch").withName("c");
    assertThat(cm.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"b\":\"2\"}}").getData())
        .containsEntry("b", "2");
    assertThat(cm.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"c\":\"3\"}}").getData())
        .containsEntry("c", "3");
    assertThat(cm.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/a\"}]").getData())
        .doesNotContainKey("a");
    ConfigMap applied = client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("c").endMetadata().addToData("d", "4").build()).fieldManager("f8").serverSideApply();
    assertThat(applied.getData()).containsEntry("b", "2").containsEntry("d", "4");
    assertThat(applied.getMetadata().getManagedFields()).anySatisfy(m -> {
      assertThat(m.getManager()).isEqualTo("f8");
      assertThat(m.getOperation()).isEqualTo("Apply");
    });
    ConfigMap created = client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("new").endMetadata().addToData("x", "1").build()).fieldManager("f8").serverSideApply();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThatThrownBy(() -> client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("new").endMetadata().addToData("x", "2").build()).fieldManager("other")
        .serverSideApply())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
            assertThat(c.getField()).isEqualTo(".data.x");
          });
        });
    assertThat(client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("new").endMetadata().addToData("x", "2").build()).fieldManager("other").forceConflicts()
        .serverSideApply().getData()).containsEntry("x", "2");
  }

  @Test
  void exactlyOneOfConcurrentUpdatesFromTheSameResourceVersionWins() throws Exception {
    ConfigMap base = client.configMaps().inNamespace("occ").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("c").endMetadata().addToData("v", "0").build()).create();
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger won = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String v = Integer.toString(i + 1);
      all.add(CompletableFuture.runAsync(() -> {
        ConfigMap mine = new ConfigMapBuilder(base).withData(Map.of("v", v)).build();
        try {
          go.await();
          client.configMaps().inNamespace("occ").resource(mine).update();
          won.incrementAndGet();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 409 && e.getStatus().getMessage().equals("Operation cannot be fulfilled on configmaps "
              + "\"c\": the object has been modified; please apply your changes to the latest version and try again")) {
            conflicts.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, pool));
    }
    go.countDown();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(won).hasValue(1);
    assertThat(conflicts).hasValue(writers - 1);
  }

  @Test
  void paginationReturnsEachObjectExactlyOnceWhileWritesContinue() throws Exception {
    int total = 5000;
    List<io.vertx.core.Future<?>> creates = new ArrayList<>();
    var def = server.registry();
    var configMaps = dev.klite.apiserver.resources.BuiltinResources.all().stream().filter(d -> d.plural().equals("configmaps")).findFirst()
        .orElseThrow();
    for (int i = 0; i < total; i++) {
      creates.add(def.create(configMaps, "page", (tools.jackson.databind.node.ObjectNode) dev.klite.apiserver.object
          .Json.parse(("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i + "\"}}")
              .getBytes()), false));
    }
    io.vertx.core.Future.all(creates).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    AtomicBoolean writing = new AtomicBoolean(true);
    Runnable writes = () -> {
      int n = 0;
      while (writing.get()) {
        client.configMaps().inNamespace("page").resource(new ConfigMapBuilder().withNewMetadata()
            .withName("extra-" + n++).endMetadata().build()).create();
        client.configMaps().inNamespace("page").withName("cm-" + (n % total)).edit(c -> {
          c.setData(Map.of("touched", "yes"));
          return c;
        });
      }
    };
    CompletableFuture<Void> writer = null;
    Map<String, Integer> seen = new HashMap<>();
    String cont = null;
    String listRv = null;
    int pages = 0;
    do {
      var page = client.configMaps().inNamespace("page").list(new ListOptionsBuilder().withLimit(500L)
          .withContinue(cont).build());
      if (listRv == null) listRv = page.getMetadata().getResourceVersion();
      assertThat(page.getMetadata().getResourceVersion()).isEqualTo(listRv);
      page.getItems().forEach(c -> seen.merge(c.getMetadata().getName(), 1, Integer::sum));
      cont = page.getMetadata().getContinue();
      pages++;
      // Writes start once the first page fixed the list's revision, and go on while the rest is read.
      if (writer == null) writer = CompletableFuture.runAsync(writes);
    } while (cont != null && !cont.isEmpty());
    writing.set(false);
    writer.get(30, TimeUnit.SECONDS);
    assertThat(pages).isEqualTo(total / 500);
    assertThat(seen).hasSize(total).allSatisfy((name, count) -> {
      assertThat(name).startsWith("cm-");
      assertThat(count).isEqualTo(1);
    });
  }
}

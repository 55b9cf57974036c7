package dev.klite.apiserver;

import static dev.klite.apiserver.CrudTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import dev.klite.apiserver.TestClient.WatchStream;
import dev.klite.apiserver.watch.WatchSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Watch semantics over chunked HTTP and WebSocket against a real server. */
class WatchTest {
  private static final String CM = "/api/v1/namespaces/%s/configmaps";
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static int namespaces;

  @BeforeAll
  static void start() {
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true)
        .withWatchSettings(new WatchSettings(1024, Duration.ZERO, Duration.ofSeconds(10))));
    client = new TestClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A fresh namespace per test; answers the collection path of its configmaps. */
  static String freshNamespace() {
    String ns = "w" + (++namespaces);
    Response r = client.post("/api/v1/namespaces", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"}}""".formatted(ns));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return CM.formatted(ns);
  }

  static String rv(ObjectNode obj) {
    return obj.path("metadata").path("resourceVersion").asString();
  }

  @Test
  void resourceVersionZeroStartsWithSyntheticAddedThenLiveEvents() throws Exception {
    String path = freshNamespace();
    client.post(path, configMap("a", "1"));
    try (WatchStream w = client.watch(path + "?watch=true&resourceVersion=0", null)) {
      ObjectNode added = w.next();
      assertThat(added.path("type").asString()).isEqualTo("ADDED");
      assertThat(added.path("object").path("kind").asString()).isEqualTo("ConfigMap");
      assertThat(added.path("object").path("metadata").path("name").asString()).isEqualTo("a");
      client.post(path, configMap("b", "1"));
      ObjectNode live = w.next();
      assertThat(live.path("type").asString()).isEqualTo("ADDED");
      assertThat(live.path("object").path("metadata").path("name").asString()).isEqualTo("b");
      assertThat(w.status.get(5, TimeUnit.SECONDS)).isEqualTo(200);
    }
  }

  @Test
  void watchFromAResourceVersionSeesOnlyLaterChangesAndDeletedCarriesTheDeleteRevision() throws Exception {
    String path = freshNamespace();
    client.post(path, configMap("a", "1"));
    String listRv = rv(client.get(path).json());
    Response b = client.post(path, configMap("b", "1"));
    try (WatchStream w = client.watch(path + "?watch=true&resourceVersion=" + listRv, null)) {
      ObjectNode first = w.next();
      assertThat(first.path("type").asString()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asString()).isEqualTo("b");
      assertThat(rv((ObjectNode) first.path("object"))).isEqualTo(rv(b.json()));
      ObjectNode updated = client.get(path + "/a").json();
      updated.withObject("data").put("k", "2");
      client.put(path + "/a", updated.toString());
      ObjectNode modified = w.next();
      assertThat(modified.path("type").asString()).isEqualTo("MODIFIED");
      assertThat(modified.path("object").path("data").path("k").asString()).isEqualTo("2");
      Response deleted = client.delete(path + "/a", null);
      ObjectNode del = w.next();
      assertThat(del.path("type").asString()).isEqualTo("DELETED");
      assertThat(del.path("object").path("data").path("k").asString()).isEqualTo("2");
      assertThat(rv((ObjectNode) del.path("object"))).isEqualTo(rv(deleted.json()));
    }
  }

  @Test
  void resumingFromTheLastSeenRevisionLosesNothing() throws Exception {
    String path = freshNamespace();
    String start = rv(client.get(path).json());
    String lastSeen;
    try (WatchStream w = client.watch(path + "?watch=true&resourceVersion=" + start, null)) {
      client.post(path, configMap("one", "1"));
      lastSeen = rv((ObjectNode) w.next().path("object"));
    }
    client.post(path, configMap("two", "1"));
    client.post(path, configMap("three", "1"));
    try (WatchStream w = client.watch(path + "?watch=true&resourceVersion=" + lastSeen, null)) {
      assertThat(w.next().path("object").path("metadata").path("name").asString()).isEqualTo("two");
      assertThat(w.next().path("object").path("metadata").path("name").asString()).isEqualTo("three");
    }
  }

  @Test
  void watchFromACompactedRevisionIs410Expired() {
    String path = freshNamespace();
    long old = Long.parseLong(rv(client.post(path, configMap("c", "1")).json()));
    client.post(path, configMap("d", "1"));
    server.store().compact(server.store().currentRevision());
    Response r = client.get(path + "?watch=true&resourceVersion=" + (old - 1));
    assertThat(r.code()).isEqualTo(410);
    assertThat(r.json().path("reason").asString()).isEqualTo("Expired");
    assertThat(r.json().path("message").asString()).startsWith("too old resource version: " + (old - 1) + " (");
  }

  @Test
  void selectorTransitionsBecomeAddedAndDeleted() throws Exception {
    String path = freshNamespace();
    try (WatchStream w = client.watch(path + "?watch=true&labelSelector=app%3Dx", null)) {
      client.post(path, """
          {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"s","labels":{"app":"y"}}}""");
      ObjectNode obj = client.get(path + "/s").json();
      obj.withObject("metadata").withObject("labels").put("app", "x");
      client.put(path + "/s", obj.toString());
      ObjectNode added = w.next();
      assertThat(added.path("type").asString()).isEqualTo("ADDED");
      ObjectNode cur = client.get(path + "/s").json();
      cur.withObject("metadata").withObject("labels").put("app", "z");
      Response moved = client.put(path + "/s", cur.toString());
      ObjectNode deleted = w.next();
      assertThat(deleted.path("type").asString()).isEqualTo("DELETED");
      assertThat(deleted.path("object").path("metadata").path("labels").path("app").asString()).isEqualTo("x");
      assertThat(rv((ObjectNode) deleted.path("object"))).isEqualTo(rv(moved.json()));
    }
  }

  @Test
  void bookmarksArriveWhenAllowed() throws Exception {
    String path = freshNamespace();
    try (WatchStream w = client.watch(path + "?watch=true&allowWatchBookmarks=true", null)) {
      ObjectNode e = w.next();
      assertThat(e.path("type").asString()).isEqualTo("BOOKMARK");
      assertThat(e.path("object").path("kind").asString()).isEqualTo("ConfigMap");
      assertThat(Long.parseLong(rv((ObjectNode) e.path("object")))).isPositive();
    }
  }

  @Test
  void timeoutSecondsEndsTheStreamCleanly() throws Exception {
    String path = freshNamespace();
    try (WatchStream w = client.watch(path + "?watch=true&timeoutSeconds=1", null)) {
      assertThat(w.awaitEnd(10)).isTrue();
    }
  }

  @Test
  void webSocketWatchSendsOneFramePerEvent() throws Exception {
    String path = freshNamespace();
    client.post(path, configMap("ws", "1"));
    try (WatchStream w = client.webSocketWatch(path + "?watch=true")) {
      ObjectNode first = w.next();
      assertThat(first.path("type").asString()).isEqualTo("ADDED");
      assertThat(first.path("object").path("metadata").path("name").asString()).isEqualTo("ws");
      client.delete(path + "/ws", null);
      assertThat(w.next().path("type").asString()).isEqualTo("DELETED");
    }
  }

  @Test
  void closingTheServerEndsOpenWatches(@TempDir Path other) throws Exception {
    ApiServer second = ApiServer.start(TestConfigs.defaults(other).withPort(0).withInMemoryStore(true));
    TestClient secondClient = new TestClient(second);
    try (WatchStream chunked = secondClient.watch("/api/v1/namespaces/default/configmaps?watch=true", null);
        WatchStream ws = secondClient.webSocketWatch("/api/v1/namespaces/default/configmaps?watch=true")) {
      assertThat(chunked.status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(ws.status.get(10, TimeUnit.SECONDS)).isEqualTo(101);
      long start = System.nanoTime();
      second.close();
      assertThat(chunked.awaitEnd(10)).isTrue();
      assertThat(ws.awaitEnd(10)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void tableWatchSendsColumnDefinitionsOnlyInTheFirstEvent() throws Exception {
    String path = freshNamespace();
    String accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    try (WatchStream w = client.watch(path + "?watch=true", accept)) {
      client.post(path, configMap("t1", "1"));
      client.post(path, configMap("t2", "1"));
      ObjectNode first = w.next();
      assertThat(first.path("object").path("kind").asString()).isEqualTo("Table");
      assertThat(first.path("object").path("columnDefinitions").size()).isPositive();
      assertThat(first.path("object").path("rows").get(0).path("cells").get(0).asString()).isEqualTo("t1");
      ObjectNode second = w.next();
      assertThat(second.path("object").path("columnDefinitions").size()).isZero();
    }
  }
}

package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Lists: pagination at one revision, selectors, Table and PartialObjectMetadata forms. */
class ListTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;

  @BeforeAll
  static void start() {
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    client = new TestClient(server);
    client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"l\"}}");
    for (int i = 0; i < 10; i++) {
      String body = """
          {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-%02d","labels":{"tier":"%s","n":"%d"}}}"""
          .formatted(i, i % 2 == 0 ? "even" : "odd", i);
      assertThat(client.post("/api/v1/namespaces/l/configmaps", body).code()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> names(ObjectNode list) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : list.path("items")) out.add(item.path("metadata").path("name").asString());
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void listCarriesKindApiVersionAndResourceVersion() {
    ObjectNode list = client.get("/api/v1/namespaces/l/configmaps").json();
    assertThat(list.path("kind").asString()).isEqualTo("ConfigMapList");
    assertThat(list.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(Long.parseLong(list.path("metadata").path("resourceVersion").asString())).isPositive();
    assertThat(list.path("items").get(0).path("kind").asString()).isEqualTo("ConfigMap");
    assertThat(names(list)).hasSize(10);
  }

  @Test
  void pagesAreReadAtTheRevisionOfTheFirstPageWhileWritesContinue() {
    ObjectNode page1 = client.get("/api/v1/namespaces/l/configmaps?limit=4").json();
    String rv = page1.path("metadata").path("resourceVersion").asString();
    assertThat(names(page1)).containsExactly("cm-00", "cm-01", "cm-02", "cm-03");
    assertThat(page1.path("metadata").path("remainingItemCount").asLong()).isEqualTo(6);
    String token = page1.path("metadata").path("continue").asString();
    assertThat(token).isNotEmpty();

    client.post("/api/v1/namespaces/l/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-05a"}}""");
    client.delete("/api/v1/namespaces/l/configmaps/cm-09", null);

    List<String> rest = new ArrayList<>();
    while (!token.isEmpty()) {
      ObjectNode page = client.get("/api/v1/namespaces/l/configmaps?limit=4&continue=" + enc(token)).json();
      assertThat(page.path("metadata").path("resourceVersion").asString()).isEqualTo(rv);
      rest.addAll(names(page));
      token = page.path("metadata").path("continue").asString("");
    }
    assertThat(rest).containsExactly("cm-04", "cm-05", "cm-06", "cm-07", "cm-08", "cm-09");
    client.post("/api/v1/namespaces/l/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-09","labels":{"tier":"odd","n":"9"}}}""");
    client.delete("/api/v1/namespaces/l/configmaps/cm-05a", null);
  }

  @Test
  void labelSelectorsFilter() {
    assertThat(names(client.get("/api/v1/namespaces/l/configmaps?labelSelector=" + enc("tier=even,n in (0,2,3)")).json()))
        .containsExactly("cm-00", "cm-02");
    assertThat(names(client.get("/api/v1/namespaces/l/configmaps?labelSelector=" + enc("tier!=even")).json()))
        .hasSize(5);
    assertThat(names(client.get("/api/v1/namespaces/l/configmaps?labelSelector=" + enc("!tier")).json())).isEmpty();
  }

  @Test
  void filteredPagesStillFillUpToTheLimit() {
    ObjectNode page = client.get("/api/v1/namespaces/l/configmaps?limit=2&labelSelector=tier%3Dodd").json();
    assertThat(names(page)).containsExactly("cm-01", "cm-03");
    assertThat(page.path("metadata").has("remainingItemCount")).isFalse();
    ObjectNode next = client.get("/api/v1/namespaces/l/configmaps?limit=2&labelSelector=tier%3Dodd&continue="
        + enc(page.path("metadata").path("continue").asString())).json();
    assertThat(names(next)).containsExactly("cm-05", "cm-07");
  }

  @Test
  void fieldSelectorsOnNameAndNamespaceWorkEverywhereAndUnknownFieldsAre400() {
    assertThat(names(client.get("/api/v1/configmaps?fieldSelector=" + enc("metadata.name=cm-03")).json()))
        .containsExactly("cm-03");
    assertThat(names(client.get("/api/v1/configmaps?fieldSelector=" + enc("metadata.namespace=l,metadata.name!=cm-03"))
        .json())).hasSize(9);
    Response bad = client.get("/api/v1/namespaces/l/configmaps?fieldSelector=" + enc("status.foo=1"));
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.json().path("message").asString()).isEqualTo("field label not supported: status.foo");
    Response syntax = client.get("/api/v1/namespaces/l/configmaps?labelSelector=" + enc("a in b"));
    assertThat(syntax.code()).isEqualTo(400);
    assertThat(syntax.json().path("reason").asString()).isEqualTo("BadRequest");
  }

  @Test
  void tableAndPartialMetadataAreNegotiated() {
    Response table = client.get("/api/v1/namespaces/l/configmaps?limit=500",
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
    assertThat(table.code()).isEqualTo(200);
    assertThat(table.json().path("kind").asString()).isEqualTo("Table");
    assertThat(table.json().path("rows").size()).isEqualTo(10);
    assertThat(table.json().path("rows").get(0).path("object").path("kind").asString())
        .isEqualTo("PartialObjectMetadata");
    Response single = client.get("/api/v1/namespaces/l/configmaps/cm-01", "application/json;as=Table;v=v1;g=meta.k8s.io");
    assertThat(single.json().path("rows").size()).isEqualTo(1);

    Response partial = client.get("/api/v1/namespaces/l/configmaps",
        "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json");
    assertThat(partial.json().path("kind").asString()).isEqualTo("PartialObjectMetadataList");
    assertThat(partial.json().path("items").get(0).has("data")).isFalse();
    Response protobufOnly = client.get("/api/v1/namespaces/l/configmaps/cm-01", "application/vnd.kubernetes.protobuf");
    assertThat(protobufOnly.code()).isEqualTo(200);
  }

  @Test
  void exactListAtAnOldRevisionShowsThePast() {
    String before = client.get("/api/v1/namespaces/l/configmaps").json().path("metadata").path("resourceVersion").asString();
    client.post("/api/v1/namespaces/l/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"zz-late"}}""");
    ObjectNode past = client.get("/api/v1/namespaces/l/configmaps?resourceVersion=" + before
        + "&resourceVersionMatch=Exact").json();
    assertThat(names(past)).doesNotContain("zz-late");
    assertThat(past.path("metadata").path("resourceVersion").asString()).isEqualTo(before);
    client.delete("/api/v1/namespaces/l/configmaps/zz-late", null);
  }
}

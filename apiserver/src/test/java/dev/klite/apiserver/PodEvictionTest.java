package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The pods/eviction subresource (policy/v1 Eviction) as upstream serves it without PDBs. */
class PodEvictionTest extends InMemoryServerTest {
  private static final String PODS = "/api/v1/namespaces/default/pods";


  private static void pod(String name) {
    Response r = client.post(PODS, """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""
        .formatted(name));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
  }

  private static String eviction(String name) {
    return """
        {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"default"},
         "deleteOptions":{"gracePeriodSeconds":0}}""".formatted(name);
  }

  @Test
  void evictingAPodDeletesItAndAnswers201Success() {
    pod("ev1");
    Response r = client.post(PODS + "/ev1/eviction", eviction("ev1"));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("kind").asString()).isEqualTo("Status");
    assertThat(r.json().path("status").asString()).isEqualTo("Success");
    assertThat(client.get(PODS + "/ev1").code()).isEqualTo(404);
  }

  @Test
  void evictionMarksThePodDisruptionTargetBeforeDeletingIt() {
    Response created = client.post(PODS, """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"ev3","finalizers":["example.com/hold"]},
         "spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    String rv = created.json().path("metadata").path("resourceVersion").asString();
    Response r = client.post(PODS + "/ev3/eviction", """
        {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"ev3"},
         "deleteOptions":{"preconditions":{"resourceVersion":"%s"}}}""".formatted(rv));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    JsonNode pod = client.get(PODS + "/ev3").json();
    assertThat(pod.path("metadata").has("deletionTimestamp")).isTrue();
    assertThat(pod.path("status").path("conditions")).anySatisfy(c -> {
      assertThat(c.path("type").asString()).isEqualTo("DisruptionTarget");
      assertThat(c.path("status").asString()).isEqualTo("True");
      assertThat(c.path("reason").asString()).isEqualTo("EvictionByEvictionAPI");
      assertThat(c.path("message").asString()).isEqualTo("Eviction API: evicting");
      assertThat(c.path("lastTransitionTime").asString()).isNotEmpty();
    });
    Response stale = client.post(PODS + "/ev3/eviction", """
        {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"ev3"},
         "deleteOptions":{"preconditions":{"uid":"not-the-uid"}}}""");
    assertThat(stale.code()).as(stale.body()).isEqualTo(409);
    assertThat(stale.json().path("message").asString()).contains("Precondition failed: UID in precondition: not-the-uid");
  }

  @Test
  void evictionErrors() {
    Response missing = client.post(PODS + "/nope/eviction", eviction("nope"));
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().path("message").asString()).isEqualTo("pods \"nope\" not found");
    pod("ev2");
    Response mismatch = client.post(PODS + "/ev2/eviction", eviction("other"));
    assertThat(mismatch.code()).isEqualTo(400);
    assertThat(mismatch.json().path("message").asString())
        .isEqualTo("name in URL does not match name in Eviction object");
    Response dry = client.post(PODS + "/ev2/eviction?dryRun=All", eviction("ev2"));
    assertThat(dry.code()).isEqualTo(201);
    assertThat(client.get(PODS + "/ev2").code()).isEqualTo(200);
  }

  @Test
  void discoveryListsTheEvictionSubresource() {
    JsonNode resources = client.get("/api/v1").json().path("resources");
    assertThat(resources).anySatisfy(r -> {
      assertThat(r.path("name").asString()).isEqualTo("pods/eviction");
      assertThat(r.path("group").asString()).isEqualTo("policy");
      assertThat(r.path("version").asString()).isEqualTo("v1");
      assertThat(r.path("kind").asString()).isEqualTo("Eviction");
      assertThat(r.path("verbs")).extracting(JsonNode::asString).containsExactly("create");
    });
  }
}

package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import dev.klite.apiserver.TestClient.WatchStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 over HTTP: the same stored objects as core/v1 Events in the events.k8s.io
 * shape, with its validation, field selectors, watch, tables, discovery and OpenAPI.
 */
class EventsApiTest extends InMemoryServerTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private static String namespace() {
    String ns = "ev-" + SEQ.incrementAndGet();
    assertThat(client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + ns + "\"}}").code()).isEqualTo(201);
    return ns;
  }

  private static String events(String ns) {
    return "/apis/events.k8s.io/v1/namespaces/" + ns + "/events";
  }

  private static String apiEvent(String ns, String name) {
    return """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"%s","labels":{"set":"a"}},
         "eventTime":"2026-01-02T03:04:05.000000Z","reportingController":"test-controller","reportingInstance":"node-1",
         "action":"Scheduling","reason":"Testing","type":"Normal","note":"hello",
         "regarding":{"kind":"Pod","name":"p1","namespace":"%s","apiVersion":"v1"}}""".formatted(name, ns);
  }

  @Test
  void anEventCreatedThroughEventsV1IsACoreEvent() {
    String ns = namespace();
    Response created = client.post(events(ns), apiEvent(ns, "e1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
    assertThat(created.json().path("note").asString()).isEqualTo("hello");

    ObjectNode core = client.get("/api/v1/namespaces/" + ns + "/events/e1").json();
    assertThat(core.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(core.path("message").asString()).isEqualTo("hello");
    assertThat(core.path("involvedObject").path("name").asString()).isEqualTo("p1");
    assertThat(core.path("reportingComponent").asString()).isEqualTo("test-controller");
    assertThat(core.path("reportingInstance").asString()).isEqualTo("node-1");
    assertThat(core.has("note")).isFalse();
    assertThat(core.path("metadata").path("resourceVersion").asString())
        .isEqualTo(created.json().path("metadata").path("resourceVersion").asString());
  }

  @Test
  void aCoreEventIsServedInTheEventsV1Shape() {
    String ns = namespace();
    Response created = client.post("/api/v1/namespaces/" + ns + "/events", """
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"old"},"involvedObject":{"kind":"Pod","name":"p","namespace":"%s"},
         "reason":"Pulled","message":"pulled it","source":{"component":"kubelet","host":"n1"},
         "firstTimestamp":"2026-01-02T03:04:05Z","lastTimestamp":"2026-01-02T03:04:06Z","count":3,"type":"Normal"}"""
        .formatted(ns));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    ObjectNode ev = client.get(events(ns) + "/old").json();
    assertThat(ev.path("kind").asString()).isEqualTo("Event");
    assertThat(ev.path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
    assertThat(ev.path("note").asString()).isEqualTo("pulled it");
    assertThat(ev.path("regarding").path("name").asString()).isEqualTo("p");
    assertThat(ev.path("deprecatedSource").path("component").asString()).isEqualTo("kubelet");
    assertThat(ev.path("deprecatedFirstTimestamp").asString()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(ev.path("deprecatedLastTimestamp").asString()).isEqualTo("2026-01-02T03:04:06Z");
    assertThat(ev.path("deprecatedCount").asInt()).isEqualTo(3);
    assertThat(ev.has("message")).isFalse();
    assertThat(ev.has("involvedObject")).isFalse();
  }

  @Test
  void patchUpdateAndDeleteGoThroughTheSharedStorage() {
    String ns = namespace();
    client.post(events(ns), apiEvent(ns, "e2"));
    Response patched = client.send("PATCH", events(ns) + "/e2", "{\"note\":\"patched\"}",
        "application/merge-patch+json", null);
    assertThat(patched.code()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().path("note").asString()).isEqualTo("patched");
    assertThat(client.get("/api/v1/namespaces/" + ns + "/events/e2").json().path("message").asString())
        .isEqualTo("patched");

    ObjectNode current = patched.json();
    current.putObject("series").put("count", 100).put("lastObservedTime", "2026-01-02T03:05:00.000000Z");
    Response updated = client.put(events(ns) + "/e2", current.toString());
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(client.get("/api/v1/namespaces/" + ns + "/events/e2").json().path("series").path("count").asInt())
        .isEqualTo(100);

    Response same = client.put(events(ns) + "/e2", updated.json().toString());
    assertThat(same.json().path("metadata").path("resourceVersion").asString())
        .as("an update that changes nothing is not written")
        .isEqualTo(updated.json().path("metadata").path("resourceVersion").asString());

    assertThat(client.delete(events(ns) + "/e2", null).code()).isEqualTo(200);
    Response gone = client.get(events(ns) + "/e2");
    assertThat(gone.code()).isEqualTo(404);
    assertThat(gone.json().path("message").asString()).isEqualTo("events.events.k8s.io \"e2\" not found");
    assertThat(client.get("/api/v1/namespaces/" + ns + "/events/e2").code()).isEqualTo(404);
  }

  @Test
  void createThroughEventsV1IsStrictlyValidated() {
    String ns = namespace();
    Response r = client.post(events(ns), """
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"bad"},"type":"Odd",
         "deprecatedCount":2,"regarding":{"kind":"Pod","name":"p","namespace":"%s"}}""".formatted(ns));
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.json().path("reason").asString()).isEqualTo("Invalid");
    assertThat(causes(r)).containsExactly(
        "eventTime: Required value",
        "type: Invalid value: \"\": has invalid value: Odd",
        "count: Invalid value: \"\": needs to be unset");
    assertThat(r.json().path("message").asString()).startsWith("Event.events.k8s.io \"bad\" is invalid: [");

    Response noController = client.post(events(ns), apiEvent(ns, "e3").replace("\"reportingController\":\"test-controller\",", ""));
    assertThat(noController.code()).isEqualTo(422);
    assertThat(causes(noController)).contains("reportingController: Required value");

    Response badSeries = client.post(events(ns), apiEvent(ns, "e4").replace("\"note\"",
        "\"series\":{\"count\":1,\"lastObservedTime\":\"2026-01-02T03:05:00.000000Z\"},\"note\""));
    assertThat(badSeries.code()).isEqualTo(422);
    assertThat(causes(badSeries)).containsExactly("series.count: Invalid value: \"\": should be at least 2");
  }

  @Test
  void fieldSelectorsUseTheEventsV1Names() {
    String ns = namespace();
    client.post(events(ns), apiEvent(ns, "a"));
    client.post(events(ns), apiEvent(ns, "b").replace("\"name\":\"p1\"", "\"name\":\"p2\"")
        .replace("test-controller", "other-controller"));
    assertThat(names(client.get(events(ns) + "?fieldSelector=regarding.name%3Dp2").json())).containsExactly("b");
    assertThat(names(client.get(events(ns) + "?fieldSelector=reportingController%3Dtest-controller").json()))
        .containsExactly("a");
    // The core API selects by source, which falls back to the reporting controller (upstream e2e).
    assertThat(names(client.get("/api/v1/namespaces/" + ns + "/events?fieldSelector=source%3Dother-controller").json()))
        .containsExactly("b");
    Response bad = client.get(events(ns) + "?fieldSelector=involvedObject.name%3Dp2");
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.json().path("reason").asString()).isEqualTo("BadRequest");
  }

  @Test
  void watchAndDeleteCollectionServeTheEventsV1Shape() throws Exception {
    String ns = namespace();
    try (WatchStream watch = client.watch(events(ns) + "?watch=true", null)) {
      client.post("/api/v1/namespaces/" + ns + "/events", """
          {"apiVersion":"v1","kind":"Event","metadata":{"name":"w","labels":{"set":"a"}},
           "involvedObject":{"kind":"Pod","name":"p","namespace":"%s"},"message":"m","type":"Normal"}""".formatted(ns));
      ObjectNode added = watch.next();
      assertThat(added.path("type").asString()).isEqualTo("ADDED");
      assertThat(added.path("object").path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
      assertThat(added.path("object").path("note").asString()).isEqualTo("m");

      client.post(events(ns), apiEvent(ns, "x"));
      assertThat(watch.next().path("object").path("metadata").path("name").asString()).isEqualTo("x");
      Response deleted = client.delete(events(ns) + "?labelSelector=set%3Da", null);
      assertThat(deleted.code()).isEqualTo(200);
      assertThat(deleted.json().path("kind").asString()).isEqualTo("EventList");
      assertThat(names(deleted.json())).containsExactlyInAnyOrder("w", "x");
      ObjectNode gone = watch.next();
      assertThat(gone.path("type").asString()).isEqualTo("DELETED");
      assertThat(gone.path("object").has("regarding")).isTrue();
    }
    assertThat(names(client.get("/api/v1/namespaces/" + ns + "/events").json())).isEmpty();
  }

  @Test
  void tablesUseTheEventPrinter() {
    String ns = namespace();
    client.post(events(ns), apiEvent(ns, "t"));
    ObjectNode table = client.get(events(ns), TABLE).json();
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asString()));
    assertThat(columns).containsExactly("Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message",
        "First Seen", "Count", "Name");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.get(1).asString()).isEqualTo("Normal");
    assertThat(cells.get(3).asString()).isEqualTo("pod/p1");
    assertThat(cells.get(5).asString()).isEqualTo("test-controller, node-1");
    assertThat(cells.get(6).asString()).isEqualTo("hello");
  }

  @Test
  void discoveryAndOpenApiDescribeTheGroup() {
    ObjectNode list = client.get("/apis/events.k8s.io/v1").json();
    assertThat(list.path("groupVersion").asString()).isEqualTo("events.k8s.io/v1");
    JsonNode events = list.path("resources").get(0);
    assertThat(events.path("name").asString()).isEqualTo("events");
    assertThat(events.path("namespaced").asBoolean()).isTrue();
    assertThat(events.path("shortNames").toString()).isEqualTo("[\"ev\"]");
    assertThat(events.path("verbs").toString()).contains("deletecollection", "watch");
    assertThat(client.get("/apis").json().toString()).contains("\"name\":\"events.k8s.io\"");
    Response aggregated = client.get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    assertThat(aggregated.body()).contains("\"events.k8s.io\"");

    Response openapi = client.get("/openapi/v3/apis/events.k8s.io/v1");
    assertThat(openapi.code()).isEqualTo(200);
    JsonNode schema = openapi.json().path("components").path("schemas").path("io.k8s.api.events.v1.Event");
    assertThat(schema.path("properties").has("note")).isTrue();
    assertThat(schema.path("properties").has("regarding")).isTrue();
  }

  static List<String> causes(Response r) {
    List<String> out = new ArrayList<>();
    r.json().path("details").path("causes").forEach(c ->
        out.add(c.path("field").asString() + ": " + c.path("message").asString()));
    return out;
  }

  static List<String> names(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asString()));
    return out;
  }
}

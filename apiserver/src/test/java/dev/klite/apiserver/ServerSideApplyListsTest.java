package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply on keyed lists, as upstream's structured-merge-diff keys them
 * ({@code x-kubernetes-list-map-keys}): managers owning different items never conflict, an item's
 * key is all its key fields ({@code k:{"containerPort":80,"protocol":"TCP"}}, with the defaulted
 * protocol), and an item a manager stops applying goes away unless someone else owns it.
 */
class ServerSideApplyListsTest extends InMemoryServerTest {
  private static final String APPLY = "application/apply-patch+yaml";

  /** Creates the namespace; returns its pod templates path (their pod spec is mutable, unlike a Pod's). */
  private static String ns(String name) {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}";
    Response r = client.send("POST", "/api/v1/namespaces", body, "application/json", "application/json");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return "/api/v1/namespaces/" + name + "/podtemplates/";
  }

  private static Response apply(String path, String manager, String body) {
    return client.send("PATCH", path + "?fieldManager=" + manager, body, APPLY, "application/json");
  }

  private static ObjectNode ok(Response r) {
    assertThat(r.code()).as(r.body()).isBetween(200, 201);
    return r.json();
  }

  private static JsonNode fields(ObjectNode obj, String manager) {
    for (JsonNode e : obj.path("metadata").path("managedFields")) {
      if (e.path("manager").asString().equals(manager)) return e.path("fieldsV1");
    }
    throw new AssertionError("no managedFields entry of " + manager + " in " + obj);
  }

  private static List<String> names(JsonNode list, String field) {
    List<String> out = new ArrayList<>();
    list.forEach(i -> out.add(i.path(field).asString(i.path(field).toString())));
    return out;
  }

  private static String pod(String name, String containers) {
    return template(name, "\"containers\":[" + containers + "]");
  }

  private static String template(String name, String podSpec) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"PodTemplate\",\"metadata\":{\"name\":\"" + name + "\"},"
        + "\"template\":{\"spec\":{" + podSpec + "}}}";
  }

  private static JsonNode spec(ObjectNode obj) {
    return obj.path("template").path("spec");
  }

  private static JsonNode specFields(ObjectNode obj, String manager) {
    return fields(obj, manager).path("f:template").path("f:spec");
  }

  @Test
  void managersOwningDifferentContainersDoNotConflict() {
    String pods = ns("ssa-containers");
    ok(apply(pods + "p", "alice", pod("p", "{\"name\":\"a\",\"image\":\"busybox\"}")));
    ObjectNode both = ok(apply(pods + "p", "bob", pod("p", "{\"name\":\"b\",\"image\":\"nginx\"}")));
    assertThat(names(spec(both).path("containers"), "name")).containsExactly("a", "b");
    JsonNode alice = specFields(both, "alice").path("f:containers");
    JsonNode bob = specFields(both, "bob").path("f:containers");
    assertThat(alice.propertyNames()).containsExactly("k:{\"name\":\"a\"}");
    assertThat(bob.propertyNames()).containsExactly("k:{\"name\":\"b\"}");

    Response clash = apply(pods + "p", "bob", pod("p", "{\"name\":\"a\",\"image\":\"other\"}"));
    assertThat(clash.code()).isEqualTo(409);
    assertThat(clash.json().path("message").asString())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .template.spec.containers[name=\"a\"].image");
  }

  @Test
  void portsAreKeyedByContainerPortAndDefaultedProtocol() {
    String pods = ns("ssa-ports");
    ObjectNode tcp = ok(apply(pods + "p", "alice",
        pod("p", "{\"name\":\"main\",\"image\":\"busybox\",\"ports\":[{\"containerPort\":53}]}")));
    JsonNode ports = specFields(tcp, "alice").path("f:containers").path("k:{\"name\":\"main\"}")
        .path("f:ports");
    assertThat(ports.propertyNames()).containsExactly("k:{\"containerPort\":53,\"protocol\":\"TCP\"}");

    // 53/UDP is a different item: no conflict, two ports.
    ObjectNode udp = ok(apply(pods + "p", "bob",
        pod("p", "{\"name\":\"main\",\"ports\":[{\"containerPort\":53,\"protocol\":\"UDP\",\"name\":\"dns\"}]}")));
    JsonNode live = spec(udp).path("containers").get(0).path("ports");
    assertThat(live).hasSize(2);
    assertThat(specFields(udp, "bob").path("f:containers").path("k:{\"name\":\"main\"}").path("f:ports")
        .propertyNames()).containsExactly("k:{\"containerPort\":53,\"protocol\":\"UDP\"}");

    // Bob stops applying his port: only his item goes.
    ObjectNode dropped = ok(apply(pods + "p", "bob", pod("p", "{\"name\":\"main\"}")));
    JsonNode left = spec(dropped).path("containers").get(0).path("ports");
    assertThat(left).hasSize(1);
    assertThat(left.get(0).path("containerPort").asInt()).isEqualTo(53);
    assertThat(left.get(0).path("protocol").asString("TCP")).isEqualTo("TCP");
  }

  @Test
  void anEnvItemNoLongerAppliedIsRemovedButOtherManagersItemsStay() {
    String pods = ns("ssa-env");
    ok(apply(pods + "p", "alice", pod("p", "{\"name\":\"main\",\"image\":\"busybox\","
        + "\"env\":[{\"name\":\"X\",\"value\":\"1\"},{\"name\":\"Y\",\"value\":\"2\"}]}")));
    ok(apply(pods + "p", "bob", pod("p", "{\"name\":\"main\",\"env\":[{\"name\":\"Z\",\"value\":\"3\"}]}")));
    ObjectNode after = ok(apply(pods + "p", "alice", pod("p", "{\"name\":\"main\",\"image\":\"busybox\","
        + "\"env\":[{\"name\":\"X\",\"value\":\"1\"}]}")));
    assertThat(names(spec(after).path("containers").get(0).path("env"), "name")).containsExactly("X", "Z");
    assertThat(specFields(after, "alice").path("f:containers").path("k:{\"name\":\"main\"}").path("f:env")
        .propertyNames()).containsExactly("k:{\"name\":\"X\"}");
  }

  @Test
  void volumesAreKeyedByName() {
    String templates = ns("ssa-volumes");
    String main = "\"containers\":[{\"name\":\"main\",\"image\":\"busybox\"}],";
    ok(apply(templates + "p", "alice", template("p", main + "\"volumes\":[{\"name\":\"a\",\"emptyDir\":{}}]")));
    ObjectNode both = ok(apply(templates + "p", "bob", template("p", "\"volumes\":[{\"name\":\"b\",\"emptyDir\":{}}]")));
    assertThat(names(spec(both).path("volumes"), "name")).containsExactly("a", "b");
    assertThat(specFields(both, "bob").path("f:volumes").propertyNames()).containsExactly("k:{\"name\":\"b\"}");
  }

  @Test
  void statusConditionsAreKeyedByType() {
    String pods = ns("ssa-conditions").replace("/podtemplates/", "/pods/");
    ok(apply(pods + "p", "alice", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},"
        + "\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox\"}]}}"));
    String status = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"status\":{\"conditions\":"
        + "[{\"type\":\"%s\",\"status\":\"True\"}]}}";
    ok(apply(pods + "p/status", "kubelet", status.formatted("Ready")));
    ObjectNode both = ok(apply(pods + "p/status", "gate", status.formatted("example.com/Gate")));
    assertThat(names(both.path("status").path("conditions"), "type")).contains("Ready", "example.com/Gate");
    assertThat(fields(both, "gate").path("f:status").path("f:conditions").propertyNames())
        .containsExactly("k:{\"type\":\"example.com/Gate\"}");
  }
}

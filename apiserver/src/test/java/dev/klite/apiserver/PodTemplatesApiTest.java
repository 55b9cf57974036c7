package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 PodTemplates over HTTP: CRUD, defaults, validation as a pod template, generation, tables, paging. */
class PodTemplatesApiTest extends InMemoryServerTest {
  private static String namespace(String ns) {
    assertThat(client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + ns + "\"}}").code()).isEqualTo(201);
    return "/api/v1/namespaces/" + ns + "/podtemplates";
  }

  private static String template(String name) {
    return """
        {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"%s","labels":{"set":"t"}},
         "template":{"metadata":{"labels":{"app":"web","tier":"front"}},
          "spec":{"containers":[{"name":"a","image":"busybox:1.35"},{"name":"b","image":"nginx"}]}}}""".formatted(name);
  }

  @Test
  void createGetUpdateAndDelete() {
    String base = namespace("pt-crud");
    Response created = client.post(base, template("t1"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    ObjectNode t = created.json();
    assertThat(t.path("metadata").path("generation").asInt()).isEqualTo(1);
    // The template's pod spec gets the pod defaults.
    assertThat(t.path("template").path("spec").path("restartPolicy").asString()).isEqualTo("Always");
    assertThat(t.path("template").path("spec").path("containers").get(0).path("terminationMessagePath").asString())
        .isEqualTo("/dev/termination-log");

    ((ObjectNode) t.path("template").path("spec")).put("terminationGracePeriodSeconds", 1);
    Response updated = client.put(base + "/t1", t.toString());
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().path("template").path("spec").path("terminationGracePeriodSeconds").asInt()).isEqualTo(1);
    assertThat(updated.json().path("metadata").path("generation").asInt()).isEqualTo(2);

    Response labelled = client.send("PATCH", base + "/t1", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}",
        "application/strategic-merge-patch+json", null);
    assertThat(labelled.json().path("metadata").path("labels").path("x").asString()).isEqualTo("y");
    assertThat(labelled.json().path("metadata").path("generation").asInt()).as("metadata is not the template").isEqualTo(2);

    assertThat(client.delete(base + "/t1", null).code()).isEqualTo(200);
    Response gone = client.get(base + "/t1");
    assertThat(gone.code()).isEqualTo(404);
    assertThat(gone.json().path("message").asString()).isEqualTo("podtemplates \"t1\" not found");
  }

  @Test
  void theTemplateIsValidatedAsAPodTemplate() {
    String base = namespace("pt-invalid");
    Response r = client.post(base, """
        {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"bad"},
         "template":{"metadata":{"labels":{"-x":"y"}},"spec":{"containers":[{"name":"c"}]}}}""");
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.json().path("reason").asString()).isEqualTo("Invalid");
    assertThat(r.json().path("message").asString()).startsWith("PodTemplate \"bad\" is invalid: [");
    assertThat(EventsApiTest.causes(r)).contains("template.spec.containers[0].image: Required value")
        .anyMatch(c -> c.startsWith("template.metadata.labels: Invalid value: \"-x\""));

    Response empty = client.post(base, "{\"apiVersion\":\"v1\",\"kind\":\"PodTemplate\",\"metadata\":{\"name\":\"e\"}}");
    assertThat(empty.code()).isEqualTo(422);
    assertThat(EventsApiTest.causes(empty)).contains("template.spec.containers: Required value");
  }

  @Test
  void tableColumnsAreThoseOfKubectl() {
    String base = namespace("pt-table");
    client.post(base, template("t"));
    ObjectNode table = client.get(base, "application/json;as=Table;v=v1;g=meta.k8s.io").json();
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asString()));
    assertThat(columns).containsExactly("Name", "Containers", "Images", "Pod Labels");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.toString()).isEqualTo("[\"t\",\"a,b\",\"busybox:1.35,nginx\",\"app=web,tier=front\"]");
  }

  @Test
  void listsPageWatchAndDeleteCollection() throws Exception {
    String base = namespace("pt-page");
    try (TestClient.WatchStream watch = client.watch(base + "?watch=true", null)) {
      for (int i = 0; i < 5; i++) client.post(base, template("p" + i));
      assertThat(watch.next().path("object").path("kind").asString()).isEqualTo("PodTemplate");
    }
    Response first = client.get(base + "?limit=2");
    assertThat(EventsApiTest.names(first.json())).containsExactly("p0", "p1");
    assertThat(first.json().path("metadata").path("remainingItemCount").asInt()).isEqualTo(3);
    String token = first.json().path("metadata").path("continue").asString();
    Response second = client.get(base + "?limit=2&continue=" + token);
    assertThat(EventsApiTest.names(second.json())).containsExactly("p2", "p3");
    assertThat(second.json().path("metadata").path("resourceVersion").asString())
        .isEqualTo(first.json().path("metadata").path("resourceVersion").asString());

    assertThat(client.delete(base + "?labelSelector=set%3Dt", null).code()).isEqualTo(200);
    assertThat(EventsApiTest.names(client.get(base).json())).isEmpty();
  }
}

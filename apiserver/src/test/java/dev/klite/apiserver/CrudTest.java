package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CrudTest extends InMemoryServerTest {
  static String configMap(String name, String data) {
    return """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s"},"data":{"k":"%s"}}""".formatted(name, data);
  }

  @Test
  void createsGetsUpdatesAndDeletesAConfigMap() {
    Response created = client.post("/api/v1/namespaces/default/configmaps", configMap("one", "a"));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    ObjectNode obj = created.json();
    assertThat(obj.path("kind").asString()).isEqualTo("ConfigMap");
    assertThat(obj.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(obj.path("metadata").path("uid").asString()).hasSize(36);
    assertThat(obj.path("metadata").path("namespace").asString()).isEqualTo("default");
    assertThat(obj.path("metadata").path("creationTimestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    String rv = obj.path("metadata").path("resourceVersion").asString();
    assertThat(Long.parseLong(rv)).isPositive();

    Response got = client.get("/api/v1/namespaces/default/configmaps/one");
    assertThat(got.code()).isEqualTo(200);
    assertThat(got.json().path("data").path("k").asString()).isEqualTo("a");
    assertThat(got.json().path("metadata").path("resourceVersion").asString()).isEqualTo(rv);

    ObjectNode update = got.json();
    update.withObject("data").put("k", "b");
    Response updated = client.put("/api/v1/namespaces/default/configmaps/one", update.toString());
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(Long.parseLong(updated.json().path("metadata").path("resourceVersion").asString()))
        .isGreaterThan(Long.parseLong(rv));

    Response stale = client.put("/api/v1/namespaces/default/configmaps/one", update.toString());
    assertThat(stale.code()).isEqualTo(409);
    assertThat(stale.json().path("reason").asString()).isEqualTo("Conflict");
    assertThat(stale.json().path("message").asString()).isEqualTo("Operation cannot be fulfilled on configmaps \"one\": "
        + "the object has been modified; please apply your changes to the latest version and try again");

    Response deleted = client.delete("/api/v1/namespaces/default/configmaps/one", null);
    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.json().path("metadata").path("name").asString()).isEqualTo("one");

    Response missing = client.get("/api/v1/namespaces/default/configmaps/one");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().toString()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"configmaps \\\"one\\\" not found\",\"reason\":\"NotFound\","
        + "\"details\":{\"name\":\"one\",\"kind\":\"configmaps\"},\"code\":404}");
  }
}

package dev.klite.apiserver;

import static dev.klite.apiserver.CrudTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** {@code dryRun=All} on every write verb answers as the real write would and changes nothing. */
class DryRunTest extends InMemoryServerTest {
  private static final String CM = "/api/v1/namespaces/default/configmaps";


  private static String revision() {
    return client.get(CM).json().path("metadata").path("resourceVersion").asString();
  }

  @Test
  void everyWriteVerbWithDryRunLeavesTheStoreUnchanged() {
    assertThat(client.post(CM, configMap("dry", "1")).code()).isEqualTo(201);
    String before = revision();
    ObjectNode live = client.get(CM + "/dry").json();

    Response create = client.post(CM + "?dryRun=All", configMap("dry-new", "1"));
    assertThat(create.code()).isEqualTo(201);
    assertThat(create.json().path("metadata").path("uid").asString()).isNotEmpty();
    assertThat(create.json().path("metadata").has("resourceVersion")).isFalse();

    ObjectNode changed = live.deepCopy();
    changed.withObject("data").put("k", "put");
    Response put = client.put(CM + "/dry?dryRun=All", changed.toString());
    assertThat(put.code()).isEqualTo(200);
    assertThat(put.json().path("data").path("k").asString()).isEqualTo("put");

    Response merge = client.send("PATCH", CM + "/dry?dryRun=All", "{\"data\":{\"k\":\"merge\"}}",
        "application/merge-patch+json", "application/json");
    assertThat(merge.code()).isEqualTo(200);
    assertThat(merge.json().path("data").path("k").asString()).isEqualTo("merge");

    Response apply = client.send("PATCH", CM + "/dry?dryRun=All&fieldManager=m&force=true",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\"},\"data\":{\"k\":\"apply\"}}",
        "application/apply-patch+yaml", "application/json");
    assertThat(apply.code()).as(apply.body()).isEqualTo(200);
    assertThat(apply.json().path("data").path("k").asString()).isEqualTo("apply");

    Response applyCreate = client.send("PATCH", CM + "/dry-applied?dryRun=All&fieldManager=m",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry-applied\"}}",
        "application/apply-patch+yaml", "application/json");
    assertThat(applyCreate.code()).as(applyCreate.body()).isEqualTo(201);

    Response delete = client.delete(CM + "/dry?dryRun=All", null);
    assertThat(delete.code()).isEqualTo(200);
    Response deleteCollection = client.delete(CM + "?dryRun=All", null);
    assertThat(deleteCollection.code()).isEqualTo(200);
    assertThat(deleteCollection.json().path("items")).isNotEmpty();

    assertThat(revision()).isEqualTo(before);
    assertThat(client.get(CM + "/dry").json()).isEqualTo(live);
    assertThat(client.get(CM + "/dry-new").code()).isEqualTo(404);
    assertThat(client.get(CM + "/dry-applied").code()).isEqualTo(404);
  }

  @Test
  void anUnsupportedDryRunValueIs400() {
    Response r = client.post(CM + "?dryRun=Some", configMap("dry-bad", "1"));
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("message").asString()).isEqualTo("dryRun: Unsupported value: \"Some\": supported values: \"All\"");
  }
}

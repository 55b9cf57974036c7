package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import dev.klite.apiserver.object.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Server-side apply and managedFields over HTTPS, against upstream's wire behaviour. */
class ServerSideApplyTest extends InMemoryServerTest {
  private static final String APPLY = "application/apply-patch+yaml";
  private static final String CM = "/api/v1/namespaces/default/configmaps/";


  private static Response apply(String path, String manager, String body, String extraQuery) {
    return client.send("PATCH", path + "?fieldManager=" + manager + extraQuery, body, APPLY, "application/json");
  }

  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode entry(ObjectNode obj, String manager, String operation) {
    for (JsonNode e : obj.path("metadata").path("managedFields")) {
      if (e.path("manager").asString().equals(manager) && e.path("operation").asString().equals(operation)) return e;
    }
    throw new AssertionError("no managedFields entry " + manager + "/" + operation + " in " + obj);
  }

  @Test
  void applyCreatesThenUpdatesAndRemovesFieldsNoLongerApplied() {
    Response created = apply(CM + "ssa1", "alice", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa1","labels":{"app":"x"}},"data":{"a":"1","b":"2"}}""",
        "");
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode alice = entry(created.json(), "alice", "Apply");
    assertThat(alice.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(alice.path("fieldsType").asString()).isEqualTo("FieldsV1");
    assertThat(alice.path("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(alice.path("fieldsV1")).isEqualTo(json("""
        {"f:data":{".":{},"f:a":{},"f:b":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}"""));

    Response updated = apply(CM + "ssa1", "alice", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa1"},"data":{"a":"1"}}""", "");
    assertThat(updated.code()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().path("data")).isEqualTo(json("{\"a\":\"1\"}"));
    assertThat(updated.json().path("metadata").has("labels")).isFalse();
    assertThat(entry(updated.json(), "alice", "Apply").path("fieldsV1")).isEqualTo(json("""
        {"f:data":{".":{},"f:a":{}}}"""));
  }

  @Test
  void reapplyingTheSameConfigurationDoesNotWrite() {
    String cfg = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa2"},"data":{"a":"1"}}""";
    Response first = apply(CM + "ssa2", "alice", cfg, "");
    Response second = apply(CM + "ssa2", "alice", cfg, "");
    assertThat(second.code()).isEqualTo(200);
    assertThat(second.json().path("metadata").path("resourceVersion"))
        .isEqualTo(first.json().path("metadata").path("resourceVersion"));
  }

  @Test
  void applyingAFieldAnotherManagerChangedIsAConflictUnlessForced() {
    apply(CM + "ssa3", "alice", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa3"},"data":{"a":"1","b":"2"}}""", "");
    Response bob = client.send("PATCH", CM + "ssa3?fieldManager=bob", "{\"data\":{\"a\":\"9\"}}",
        "application/merge-patch+json", "application/json");
    assertThat(bob.code()).as(bob.body()).isEqualTo(200);
    assertThat(entry(bob.json(), "bob", "Update").path("fieldsV1")).isEqualTo(json("{\"f:data\":{\"f:a\":{}}}"));
    assertThat(entry(bob.json(), "alice", "Apply").path("fieldsV1")).isEqualTo(json("{\"f:data\":{\".\":{},\"f:b\":{}}}"));

    String again = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa3"},"data":{"a":"3","b":"2"}}""";
    Response conflict = apply(CM + "ssa3", "alice", again, "&force=false");
    assertThat(conflict.code()).as(conflict.body()).isEqualTo(409);
    ObjectNode status = conflict.json();
    assertThat(status.path("reason").asString()).isEqualTo("Conflict");
    assertThat(status.path("message").asString())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"bob\" using v1: .data.a");
    JsonNode cause = status.path("details").path("causes").get(0);
    assertThat(cause.path("reason").asString()).isEqualTo("FieldManagerConflict");
    assertThat(cause.path("message").asString()).isEqualTo("conflict with \"bob\" using v1");
    assertThat(cause.path("field").asString()).isEqualTo(".data.a");

    Response forced = apply(CM + "ssa3", "alice", again, "&force=true");
    assertThat(forced.code()).as(forced.body()).isEqualTo(200);
    assertThat(forced.json().path("data").path("a").asString()).isEqualTo("3");
    assertThat(forced.json().path("metadata").path("managedFields")).extracting(e -> e.path("manager").asString())
        .containsExactly("alice");
  }

  @Test
  void applyingTheSameValueSharesOwnershipWithoutConflict() {
    client.post("/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create", CrudTest.configMap("ssa4", "v"));
    Response shared = apply(CM + "ssa4", "alice", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa4"},"data":{"k":"v"}}""", "");
    assertThat(shared.code()).as(shared.body()).isEqualTo(200);
    assertThat(entry(shared.json(), "kubectl-create", "Update").path("fieldsV1"))
        .isEqualTo(json("{\"f:data\":{\".\":{},\"f:k\":{}}}"));
    assertThat(entry(shared.json(), "alice", "Apply").path("fieldsV1"))
        .isEqualTo(json("{\"f:data\":{\".\":{},\"f:k\":{}}}"));
  }

  @Test
  void managedFieldsOfAJobUseKeyedListItems() {
    String job = """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j1","namespace":"default"},
         "spec":{"backoffLimit":2,"template":{"spec":{"restartPolicy":"Never",
           "containers":[{"name":"main","image":"busybox","env":[{"name":"A","value":"1"}]}]}}}}""";
    Response created = apply("/apis/batch/v1/namespaces/default/jobs/j1", "kubectl", job, "&fieldValidation=Strict");
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode fields = entry(created.json(), "kubectl", "Apply").path("fieldsV1");
    assertThat(fields.path("f:spec").path("f:template").path("f:spec").path("f:containers")
        .path("k:{\"name\":\"main\"}")).isEqualTo(json("""
            {".":{},"f:env":{"k:{\\"name\\":\\"A\\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:name":{}}"""));
    assertThat(fields.has("f:status")).isFalse();

    Response conflict = apply("/apis/batch/v1/namespaces/default/jobs/j1", "other",
        job.replace("\"backoffLimit\":2", "\"backoffLimit\":5"), "");
    assertThat(conflict.code()).isEqualTo(409);
    assertThat(conflict.json().path("message").asString())
        .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.backoffLimit");

  }

  @Test
  void itemsOfAKeyedListNoLongerAppliedAreRemoved() {
    String svc = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"s1"},
         "spec":{"selector":{"app":"a"},"ports":[{"name":"a","port":80},{"name":"b","port":81}]}}""";
    Response created = apply("/api/v1/namespaces/default/services/s1", "kubectl", svc, "");
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    assertThat(entry(created.json(), "kubectl", "Apply").path("fieldsV1").path("f:spec").path("f:ports")
        .path("k:{\"port\":81,\"protocol\":\"TCP\"}")).isEqualTo(json("{\".\":{},\"f:name\":{},\"f:port\":{}}"));
    Response dropped = apply("/api/v1/namespaces/default/services/s1", "kubectl",
        svc.replace(",{\"name\":\"b\",\"port\":81}", ""), "");
    assertThat(dropped.code()).as(dropped.body()).isEqualTo(200);
    assertThat(dropped.json().path("spec").path("ports")).extracting(p -> p.path("port").asInt()).containsExactly(80);
  }

  @Test
  void createAndUpdateRecordUpdateEntriesForTheirManagers() {
    Response created = client.post("/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create",
        CrudTest.configMap("ssa5", "v"));
    JsonNode entry = entry(created.json(), "kubectl-create", "Update");
    assertThat(entry.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(entry.path("fieldsV1")).isEqualTo(json("{\"f:data\":{\".\":{},\"f:k\":{}}}"));
    Response labelled = client.send("PATCH", CM + "ssa5?fieldManager=kubectl-label",
        "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", "application/merge-patch+json", "application/json");
    assertThat(entry(labelled.json(), "kubectl-label", "Update").path("fieldsV1"))
        .isEqualTo(json("{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:x\":{}}}}"));
    assertThat(entry(labelled.json(), "kubectl-create", "Update").path("fieldsV1"))
        .isEqualTo(json("{\"f:data\":{\".\":{},\"f:k\":{}}}"));
  }

  @Test
  void applyNeedsAFieldManagerAndForceIsOnlyForApply() {
    Response noManager = client.send("PATCH", CM + "ssa6", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}",
        APPLY, "application/json");
    assertThat(noManager.code()).isEqualTo(422);
    assertThat(noManager.json().path("message").asString()).isEqualTo(
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
    Response force = client.send("PATCH", CM + "ssa6?force=true", "{}", "application/merge-patch+json",
        "application/json");
    assertThat(force.code()).isEqualTo(422);
    assertThat(force.json().path("message").asString()).isEqualTo(
        "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch");
  }

  @Test
  void applyRejectsManagedFieldsAndUndeclaredFields() {
    Response managed = apply(CM + "ssa7", "alice", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa7","managedFields":[]}}""", "");
    assertThat(managed.code()).isEqualTo(400);
    assertThat(managed.json().path("message").asString()).isEqualTo("metadata.managedFields must be nil");
    Response unknown = apply(CM + "ssa7", "alice", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ssa7","namespace":"default"},"dta":{"a":"1"}}""", "");
    assertThat(unknown.code()).isEqualTo(500);
    assertThat(unknown.json().path("message").asString()).isEqualTo(
        "failed to create typed patch object (default/ssa7; /v1, Kind=ConfigMap): .dta: field not declared in schema");
    assertThat(client.get(CM + "ssa7").code()).isEqualTo(404);
  }

  @Test
  void statusWritesRecordAStatusSubresourceEntryAndMainWritesNeverOwnStatus() {
    Response pod = client.post("/api/v1/namespaces/default/pods?fieldManager=creator", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"st1"},"spec":{"containers":[{"name":"c","image":"busybox"}]},
         "status":{"phase":"Running"}}""");
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    assertThat(entry(pod.json(), "creator", "Update").path("fieldsV1").has("f:status")).isFalse();
    Response status = client.send("PATCH", "/api/v1/namespaces/default/pods/st1/status?fieldManager=kubelet",
        "{\"status\":{\"phase\":\"Running\"}}", "application/merge-patch+json", "application/json");
    assertThat(status.code()).as(status.body()).isEqualTo(200);
    JsonNode kubelet = entry(status.json(), "kubelet", "Update");
    assertThat(kubelet.path("subresource").asString()).isEqualTo("status");
    assertThat(kubelet.path("fieldsV1")).isEqualTo(json("{\"f:status\":{\"f:phase\":{}}}"));
    assertThat(entry(status.json(), "creator", "Update").path("fieldsV1").has("f:spec")).isTrue();
  }
}

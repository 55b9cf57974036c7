package dev.klite.apiserver;

import static dev.klite.apiserver.CrudTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Every generic error case of the registry and the HTTP layer, with code, reason and message. */
class ErrorCasesTest extends InMemoryServerTest {
  @Test
  void answers401WithoutAValidToken() {
    Response r = client.send("GET", "/api/v1/namespaces", null, null, null, false);
    assertThat(r.code()).isEqualTo(401);
    assertThat(r.json().toString()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
        + "\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
    TestClient wrong = new TestClient(server.url(), server.caCertificatePem(), "nope");
    assertThat(wrong.get("/api/v1/namespaces").code()).isEqualTo(401);
  }

  @Test
  void healthProbesNeedNoToken() {
    for (String p : new String[] {"/livez", "/readyz", "/healthz"}) {
      Response r = client.send("GET", p, null, null, null, false);
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ok");
    }
  }

  @Test
  void unknownPathIs404Status() {
    Response r = client.get("/api/v1/namespaces/default/widgets");
    assertThat(r.code()).isEqualTo(404);
    assertThat(r.json().path("reason").asString()).isEqualTo("NotFound");
    assertThat(r.json().path("message").asString()).isEqualTo("the server could not find the requested resource");
  }

  @Test
  void bodyOver3MiBIs413() {
    String big = configMap("big", "x".repeat(3 * 1024 * 1024 + 10));
    Response r = client.post("/api/v1/namespaces/default/configmaps", big);
    assertThat(r.code()).isEqualTo(413);
    assertThat(r.json().path("reason").asString()).isEqualTo("RequestEntityTooLarge");
    assertThat(r.json().path("code").asInt()).isEqualTo(413);
  }

  @Test
  void createInAMissingNamespaceIs404() {
    Response r = client.post("/api/v1/namespaces/nowhere/configmaps", configMap("a", "b"));
    assertThat(r.code()).isEqualTo(404);
    assertThat(r.json().path("message").asString()).isEqualTo("namespaces \"nowhere\" not found");
  }

  @Test
  void createOfAnExistingNameIs409AlreadyExists() {
    assertThat(client.post("/api/v1/namespaces/default/configmaps", configMap("dup", "b")).code()).isEqualTo(201);
    Response r = client.post("/api/v1/namespaces/default/configmaps", configMap("dup", "b"));
    assertThat(r.code()).isEqualTo(409);
    assertThat(r.json().path("reason").asString()).isEqualTo("AlreadyExists");
    assertThat(r.json().path("message").asString()).isEqualTo("configmaps \"dup\" already exists");
    assertThat(r.json().path("details").path("kind").asString()).isEqualTo("configmaps");
  }

  @Test
  void namespaceMismatchIs400() {
    String body = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m","namespace":"kube-system"}}""";
    Response r = client.post("/api/v1/namespaces/default/configmaps", body);
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("message").asString())
        .isEqualTo("the namespace of the provided object does not match the namespace sent on the request");
  }

  @Test
  void missingNameIs422WithACause() {
    Response r = client.post("/api/v1/namespaces/default/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""");
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.json().path("reason").asString()).isEqualTo("Invalid");
    ObjectNode cause = (ObjectNode) r.json().path("details").path("causes").get(0);
    assertThat(cause.path("field").asString()).isEqualTo("metadata.name");
    assertThat(cause.path("reason").asString()).isEqualTo("FieldValueRequired");
    assertThat(r.json().path("message").asString()).contains("name or generateName is required");
  }

  @Test
  void generateNameAddsFiveCharactersOfUpstreamsAlphabet() {
    Response r = client.post("/api/v1/namespaces/default/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"gen-"}}""");
    assertThat(r.code()).isEqualTo(201);
    assertThat(r.json().path("metadata").path("name").asString()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void malformedJsonIs400CannotBeHandled() {
    Response r = client.post("/api/v1/namespaces/default/configmaps", "{\"apiVersion\":");
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("message").asString()).startsWith("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: ");
  }

  @Test
  void yamlBodiesAreDecoded() {
    Response r = client.send("POST", "/api/v1/namespaces/default/configmaps", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: from-yaml
        data:
          k: v
        """, "application/yaml", null);
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("data").path("k").asString()).isEqualTo("v");
  }

  @Test
  void dryRunWritesNothing() {
    Response r = client.post("/api/v1/namespaces/default/configmaps?dryRun=All", configMap("dry", "b"));
    assertThat(r.code()).isEqualTo(201);
    assertThat(client.get("/api/v1/namespaces/default/configmaps/dry").code()).isEqualTo(404);
  }

  @Test
  void updateOfAMissingObjectIs404AndWithoutResourceVersionIsUnconditional() {
    assertThat(client.put("/api/v1/namespaces/default/configmaps/ghost", configMap("ghost", "b")).code()).isEqualTo(404);
    client.post("/api/v1/namespaces/default/configmaps", configMap("free", "a"));
    Response r = client.put("/api/v1/namespaces/default/configmaps/free", configMap("free", "c"));
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.json().path("data").path("k").asString()).isEqualTo("c");
  }

  @Test
  void deletePreconditionsAre409() {
    ObjectNode cm = client.post("/api/v1/namespaces/default/configmaps", configMap("pre", "a")).json();
    Response uid = client.delete("/api/v1/namespaces/default/configmaps/pre", """
        {"preconditions":{"uid":"other"}}""");
    assertThat(uid.code()).isEqualTo(409);
    assertThat(uid.json().path("message").asString()).isEqualTo("Operation cannot be fulfilled on configmaps \"pre\": "
        + "Precondition failed: UID in precondition: other, UID in object meta: " + cm.path("metadata").path("uid").asString());
    Response rv = client.delete("/api/v1/namespaces/default/configmaps/pre", """
        {"preconditions":{"resourceVersion":"1"}}""");
    assertThat(rv.code()).isEqualTo(409);
    assertThat(rv.json().path("message").asString()).contains("Precondition failed: ResourceVersion in precondition: 1");
  }

  @Test
  void finalizersHoldADeleteUntilTheLastIsRemoved() {
    client.post("/api/v1/namespaces/default/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fin","finalizers":["example.com/x"]}}""");
    Response deleting = client.delete("/api/v1/namespaces/default/configmaps/fin", "{\"propagationPolicy\":\"Background\"}");
    assertThat(deleting.code()).isEqualTo(200);
    ObjectNode obj = deleting.json();
    assertThat(obj.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
    assertThat(obj.path("metadata").path("deletionGracePeriodSeconds").asLong()).isZero();
    assertThat(client.get("/api/v1/namespaces/default/configmaps/fin").code()).isEqualTo(200);

    obj.withObject("metadata").remove("finalizers");
    Response update = client.put("/api/v1/namespaces/default/configmaps/fin", obj.toString());
    assertThat(update.code()).as(update.body()).isEqualTo(200);
    assertThat(client.get("/api/v1/namespaces/default/configmaps/fin").code()).isEqualTo(404);
  }

  @Test
  void foregroundAndOrphanAddTheirFinalizers() {
    client.post("/api/v1/namespaces/default/configmaps", configMap("fg", "a"));
    Response fg = client.delete("/api/v1/namespaces/default/configmaps/fg", "{\"propagationPolicy\":\"Foreground\"}");
    assertThat(fg.json().path("metadata").path("finalizers").toString()).isEqualTo("[\"foregroundDeletion\"]");
    client.post("/api/v1/namespaces/default/configmaps", configMap("or", "a"));
    Response or = client.delete("/api/v1/namespaces/default/configmaps/or", "{\"propagationPolicy\":\"Orphan\"}");
    assertThat(or.json().path("metadata").path("finalizers").toString()).isEqualTo("[\"orphan\"]");
  }

  @Test
  void jobsDefaultToOrphan() {
    Response created = client.post("/apis/batch/v1/namespaces/default/jobs", """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":{"spec":{
          "restartPolicy":"Never","containers":[{"name":"main","image":"busybox"}]}}}}""");
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    Response deleted = client.delete("/apis/batch/v1/namespaces/default/jobs/j", null);
    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.json().path("metadata").path("finalizers").toString()).contains("orphan");
  }

  @Test
  void statusSubresourceChangesOnlyStatusAndBindingAssignsANode() {
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"main","image":"busybox"}]}}""");
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    ObjectNode withStatus = pod.json();
    withStatus.withObject("status").put("phase", "Running");
    withStatus.withObject("metadata").withObject("labels").put("ignored", "yes");
    Response status = client.put("/api/v1/namespaces/default/pods/p/status", withStatus.toString());
    assertThat(status.code()).as(status.body()).isEqualTo(200);
    assertThat(status.json().path("status").path("phase").asString()).isEqualTo("Running");
    // Labels sent to pods/status are kept, as upstream's podStatusStrategy (no ResetObjectMetaForStatus).
    assertThat(status.json().path("metadata").path("labels").path("ignored").asString()).isEqualTo("yes");

    ObjectNode main = status.json();
    main.withObject("status").put("phase", "Failed");
    Response mainUpdate = client.put("/api/v1/namespaces/default/pods/p", main.toString());
    assertThat(mainUpdate.code()).as(mainUpdate.body()).isEqualTo(200);
    assertThat(mainUpdate.json().path("status").path("phase").asString()).isEqualTo("Running");

    String binding = """
        {"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"n1"}}""";
    Response bound = client.post("/api/v1/namespaces/default/pods/p/binding", binding);
    assertThat(bound.code()).as(bound.body()).isEqualTo(201);
    assertThat(bound.json().path("status").asString()).isEqualTo("Success");
    assertThat(client.get("/api/v1/namespaces/default/pods/p").json().path("spec").path("nodeName").asString())
        .isEqualTo("n1");
    Response again = client.post("/api/v1/namespaces/default/bindings", binding);
    assertThat(again.code()).isEqualTo(409);
    assertThat(again.json().path("message").asString()).endsWith("pod p is already assigned to node \"n1\"");
  }

  @Test
  void patchesGoThroughThePatcherAndTheUpdateRules() {
    client.post("/api/v1/namespaces/default/configmaps", configMap("pt", "a"));
    Response merge = client.send("PATCH", "/api/v1/namespaces/default/configmaps/pt", "{\"data\":{\"k\":\"m\"}}",
        "application/merge-patch+json", null);
    assertThat(merge.code()).as(merge.body()).isEqualTo(200);
    assertThat(merge.json().path("data").path("k").asString()).isEqualTo("m");
    Response json = client.send("PATCH", "/api/v1/namespaces/default/configmaps/pt",
        "[{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"j\"}]", "application/json-patch+json", null);
    assertThat(json.code()).as(json.body()).isEqualTo(200);
    assertThat(json.json().path("data").path("k").asString()).isEqualTo("j");
    Response stale = client.send("PATCH", "/api/v1/namespaces/default/configmaps/pt",
        "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"k\":\"s\"}}", "application/merge-patch+json", null);
    assertThat(stale.code()).isEqualTo(409);
    Response missing = client.send("PATCH", "/api/v1/namespaces/default/configmaps/nope", "{}",
        "application/merge-patch+json", null);
    assertThat(missing.code()).isEqualTo(404);
  }

  @Test
  void versionAndDiscoveryAreServed() {
    Response version = client.send("GET", "/version", null, null, null, false);
    assertThat(version.code()).isEqualTo(200);
    assertThat(version.json().path("minor").asString()).startsWith("32");
    assertThat(client.get("/api/v1").json().path("kind").asString()).isEqualTo("APIResourceList");
  }

  @Test
  void scheduledPodsAreDeletedGracefullyUntilAZeroGraceDelete() {
    Response pod = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"g"},"spec":{"nodeName":"n1",
          "containers":[{"name":"main","image":"busybox"}]}}""");
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    Response graceful = client.delete("/api/v1/namespaces/default/pods/g", "{\"propagationPolicy\":\"Background\"}");
    assertThat(graceful.code()).isEqualTo(200);
    assertThat(graceful.json().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
    assertThat(graceful.json().path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
    assertThat(client.get("/api/v1/namespaces/default/pods/g").code()).isEqualTo(200);
    Response now = client.delete("/api/v1/namespaces/default/pods/g", "{\"gracePeriodSeconds\":0}");
    assertThat(now.code()).isEqualTo(200);
    assertThat(client.get("/api/v1/namespaces/default/pods/g").code()).isEqualTo(404);
  }

  @Test
  void deleteCollectionDeletesTheMatchingObjects() {
    client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"dc\"}}");
    client.post("/api/v1/namespaces/dc/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"x":"1"}}}""");
    client.post("/api/v1/namespaces/dc/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","labels":{"x":"2"}}}""");
    Response r = client.delete("/api/v1/namespaces/dc/configmaps?labelSelector=x%3D1", null);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("kind").asString()).isEqualTo("ConfigMapList");
    assertThat(r.json().path("items").size()).isEqualTo(1);
    assertThat(client.get("/api/v1/namespaces/dc/configmaps/a").code()).isEqualTo(404);
    assertThat(client.get("/api/v1/namespaces/dc/configmaps/b").code()).isEqualTo(200);
  }

  @Test
  void namespaceDeletionTerminatesUntilFinalized() {
    client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"gone\"}}");
    Response deleting = client.delete("/api/v1/namespaces/gone", "{\"propagationPolicy\":\"Background\"}");
    assertThat(deleting.code()).isEqualTo(200);
    assertThat(deleting.json().path("status").path("phase").asString()).isEqualTo("Terminating");
    assertThat(deleting.json().path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
    Response blocked = client.post("/api/v1/namespaces/gone/configmaps", configMap("late", "x"));
    assertThat(blocked.code()).isEqualTo(403);
    assertThat(blocked.json().path("message").asString()).isEqualTo(
        "configmaps is forbidden: unable to create new content in namespace gone because it is being terminated");
    ObjectNode ns = client.get("/api/v1/namespaces/gone").json();
    ns.withObject("spec").putArray("finalizers");
    Response finalized = client.put("/api/v1/namespaces/gone/finalize", ns.toString());
    // Emptying spec.finalizers of a namespace being deleted deletes it (ShouldDeleteNamespaceDuringUpdate).
    assertThat(finalized.code()).as(finalized.body()).isEqualTo(200);
    assertThat(client.get("/api/v1/namespaces/gone").code()).isEqualTo(404);
  }

  @Test
  void unknownFieldsFailStrictAndWarnOtherwise() {
    String body = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"uf"},"dataa":{"k":"v"}}""";
    Response strict = client.post("/api/v1/namespaces/default/configmaps?fieldValidation=Strict", body);
    assertThat(strict.code()).isEqualTo(400);
    assertThat(strict.json().path("message").asString()).isEqualTo(
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"dataa\"");
    Response warn = client.post("/api/v1/namespaces/default/configmaps?fieldValidation=Warn", body);
    assertThat(warn.code()).isEqualTo(201);
    assertThat(warn.warnings()).containsExactly("299 - \"unknown field \\\"dataa\\\"\"");
  }

  @Test
  void defaultNamespacesExist() {
    for (String ns : Bootstrap.NAMESPACES) {
      Response r = client.get("/api/v1/namespaces/" + ns);
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.json().path("status").path("phase").asString()).isEqualTo("Active");
      assertThat(r.json().path("metadata").path("labels").path("kubernetes.io/metadata.name").asString()).isEqualTo(ns);
    }
  }

  @Test
  void metricsCountRequests() {
    client.get("/api/v1/namespaces/default/configmaps");
    Response m = client.get("/metrics");
    assertThat(m.code()).isEqualTo(200);
    assertThat(m.body()).contains("apiserver_request_total{").contains("verb=\"LIST\"")
        .contains("resource=\"configmaps\"").contains("apiserver_request_duration_seconds");
  }
}

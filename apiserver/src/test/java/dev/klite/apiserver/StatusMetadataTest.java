package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Status subresources keep the labels and annotations a status write carries, as upstream's
 * status strategies do, but never its spec (pods/status and jobs/status).
 */
class StatusMetadataTest extends InMemoryServerTest {
  private static final String MERGE = "application/merge-patch+json";

  private static String namespace(String ns) {
    assertThat(client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
        + ns + "\"}}").code()).isEqualTo(201);
    return ns;
  }

  @Test
  void podStatusPatchKeepsLabelsAndAnnotationsButNotSpecOrOwners() {
    String ns = namespace("status-pod");
    String pods = "/api/v1/namespaces/" + ns + "/pods";
    assertThat(client.post(pods, """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1"}},
         "spec":{"containers":[{"name":"c","image":"busybox"}]}}""").code()).isEqualTo(201);
    Response r = client.send("PATCH", pods + "/p/status", """
        {"metadata":{"labels":{"b":"2"},"annotations":{"patched":"true"},
          "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"o","uid":"u1"}]},
         "spec":{"activeDeadlineSeconds":5},
         "status":{"conditions":[{"type":"Ready","status":"False"}]}}""", MERGE, null);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    ObjectNode pod = client.get(pods + "/p").json();
    assertThat(pod.path("metadata").path("labels").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(pod.path("metadata").path("annotations").path("patched").asString()).isEqualTo("true");
    assertThat(pod.path("metadata").has("ownerReferences")).as("pods/status may not touch owner references").isFalse();
    assertThat(pod.path("spec").has("activeDeadlineSeconds")).isFalse();
    assertThat(pod.path("status").path("conditions").get(0).path("type").asString()).isEqualTo("Ready");
  }

  @Test
  void invalidLabelsThroughStatusAre422() {
    String ns = namespace("status-invalid");
    String pods = "/api/v1/namespaces/" + ns + "/pods";
    client.post(pods, """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
    Response r = client.send("PATCH", pods + "/p/status", "{\"metadata\":{\"labels\":{\"-bad\":\"x\"}}}", MERGE, null);
    assertThat(r.code()).isEqualTo(422);
    assertThat(r.json().path("reason").asString()).isEqualTo("Invalid");
    assertThat(r.json().path("message").asString()).startsWith("Pod \"p\" is invalid: metadata.labels: Invalid value: \"-bad\"");
  }

  @Test
  void jobStatusPatchKeepsAnnotationsButNotSpec() {
    String ns = namespace("status-job");
    String jobs = "/apis/batch/v1/namespaces/" + ns + "/jobs";
    Response created = client.post(jobs, """
        {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},
         "spec":{"parallelism":1,"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}""");
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    Response r = client.send("PATCH", jobs + "/j/status", """
        {"metadata":{"annotations":{"patchedstatus":"true"}},"spec":{"parallelism":3},
         "status":{"startTime":"2026-01-02T03:04:05Z"}}""", MERGE, null);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    ObjectNode job = client.get(jobs + "/j").json();
    assertThat(job.path("metadata").path("annotations").path("patchedstatus").asString()).isEqualTo("true");
    assertThat(job.path("spec").path("parallelism").asInt()).isEqualTo(1);
    assertThat(job.path("metadata").path("generation").asInt()).isEqualTo(1);
    assertThat(job.path("status").path("startTime").asString()).isEqualTo("2026-01-02T03:04:05Z");
  }
}

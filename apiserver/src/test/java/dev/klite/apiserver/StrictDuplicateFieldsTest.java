package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;

/**
 * fieldValidation=Strict reports unknown and duplicate fields together, with full paths, as
 * upstream's strict decoder ({@code strict decoding error: unknown field "spec.foo", duplicate
 * field "spec.restartPolicy"}); without Strict the last duplicate wins.
 */
class StrictDuplicateFieldsTest extends InMemoryServerTest {
  private static final String POD = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
       "spec":{"foo":"bar","restartPolicy":"Always","restartPolicy":"Never",
               "containers":[{"name":"c","image":"busybox","image":"nginx"}]}}""";

  @Test
  void strictReportsUnknownAndDuplicateFields() {
    client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"strict-dup\"}}");
    Response r = client.post("/api/v1/namespaces/strict-dup/pods?fieldValidation=Strict", POD.formatted("p"));
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.json().path("reason").asString()).isEqualTo("BadRequest");
    assertThat(r.json().path("message").asString()).isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: "
        + "strict decoding error: unknown field \"spec.foo\", duplicate field \"spec.restartPolicy\", "
        + "duplicate field \"spec.containers[0].image\"");
    assertThat(client.get("/api/v1/namespaces/strict-dup/pods/p").code()).isEqualTo(404);
  }

  @Test
  void withoutStrictTheLastDuplicateWins() {
    client.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"lax-dup\"}}");
    Response r = client.post("/api/v1/namespaces/lax-dup/pods", POD.formatted("p"));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("spec").path("restartPolicy").asString()).isEqualTo("Never");
    assertThat(r.json().path("spec").path("containers").get(0).path("image").asString()).isEqualTo("nginx");
    assertThat(r.warnings()).containsExactly("299 - \"unknown field \\\"spec.foo\\\"\"");
  }
}

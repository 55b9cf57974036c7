package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.Test;

/** authorization.k8s.io/v1 SelfSubjectAccessReviews: create-only, always allowed, no Table. */
class AuthorizationApiTest extends InMemoryServerTest {
  private static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final String REVIEW = """
      {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
       "spec":{"resourceAttributes":{"verb":"get","resource":"pods","namespace":"default"}}}""";

  @Test
  void everyReviewIsAllowed() {
    Response r = client.post(PATH, REVIEW);
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("kind").asString()).isEqualTo("SelfSubjectAccessReview");
    assertThat(r.json().path("status").path("allowed").asBoolean()).isTrue();
    assertThat(r.json().path("spec").path("resourceAttributes").path("resource").asString()).isEqualTo("pods");
  }

  @Test
  void aTableIsNotAcceptable() {
    Response r = client.send("POST", PATH, REVIEW, "application/json", "application/json;as=Table;v=v1;g=meta.k8s.io");
    assertThat(r.code()).isEqualTo(406);
    assertThat(r.json().path("reason").asString()).isEqualTo("NotAcceptable");
    assertThat(r.json().path("message").asString()).isEqualTo("only the following media types are accepted: "
        + "application/json, application/yaml, application/vnd.kubernetes.protobuf");
    // A Table with JSON as a fallback is fine.
    assertThat(client.send("POST", PATH, REVIEW, "application/json",
        "application/json;as=Table;v=v1;g=meta.k8s.io, application/json").code()).isEqualTo(201);
  }

  @Test
  void exactlyOneKindOfAttributesIsRequired() {
    Response none = client.post(PATH, "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":{}}");
    assertThat(none.code()).isEqualTo(422);
    assertThat(none.json().path("reason").asString()).isEqualTo("Invalid");
    assertThat(none.json().path("message").asString()).isEqualTo("SelfSubjectAccessReview.authorization.k8s.io \"\" is "
        + "invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or "
        + "resourceAttributes must be specified");
    Response both = client.post(PATH, """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
         "spec":{"resourceAttributes":{"verb":"get"},"nonResourceAttributes":{"path":"/healthz","verb":"get"}}}""");
    assertThat(both.code()).isEqualTo(422);
    assertThat(EventsApiTest.causes(both)).containsExactly("spec.nonResourceAttributes: Invalid value: "
        + "authorization.NonResourceAttributes{Path:\"/healthz\", Verb:\"get\"}: cannot be specified in combination "
        + "with resourceAttributes");
  }

  @Test
  void onlyCreateIsServedAndDiscovered() {
    Response get = client.get(PATH);
    assertThat(get.code()).isEqualTo(405);
    assertThat(get.json().path("reason").asString()).isEqualTo("MethodNotAllowed");
    Response discovery = client.get("/apis/authorization.k8s.io/v1");
    assertThat(discovery.code()).isEqualTo(200);
    assertThat(discovery.json().path("resources").get(0).path("name").asString()).isEqualTo("selfsubjectaccessreviews");
    assertThat(discovery.json().path("resources").get(0).path("verbs").toString()).isEqualTo("[\"create\"]");
    assertThat(discovery.json().path("resources").get(0).path("namespaced").asBoolean()).isFalse();
  }
}

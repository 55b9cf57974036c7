package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** fieldValidation on the results of PATCH (handlers/patch.go), and on create for Warn/Ignore. */
class FieldValidationPatchTest extends InMemoryServerTest {
  static Stream<Arguments> patches() {
    return Stream.of(
        Arguments.of("merge", "application/merge-patch+json", "{\"spec\":{\"foo\":1}}"),
        Arguments.of("strategic", "application/strategic-merge-patch+json", "{\"spec\":{\"foo\":1}}"),
        Arguments.of("json", "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/spec/foo\",\"value\":1}]"));
  }

  private static String createPod(String name) {
    Response r = client.post("/api/v1/namespaces/default/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"""
        .formatted(name));
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return "/api/v1/namespaces/default/pods/" + name;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void strictRejectsUnknownFieldsInThePatchedObject(String name, String type, String body) {
    String path = createPod("strict-" + name);
    Response r = client.send("PATCH", path + "?fieldValidation=Strict", body, type, "application/json");
    assertThat(r.code()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("reason").asString()).isEqualTo("BadRequest");
    assertThat(r.json().path("message").asString()).isEqualTo("strict decoding error: unknown field \"spec.foo\"");
    assertThat(client.get(path).json().path("spec").has("foo")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void warnDropsUnknownFieldsWithAWarningHeader(String name, String type, String body) {
    String path = createPod("warn-" + name);
    Response r = client.send("PATCH", path + "?fieldValidation=Warn", body, type, "application/json");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.warnings()).containsExactly("299 - \"unknown field \\\"spec.foo\\\"\"");
    assertThat(r.json().path("spec").has("foo")).isFalse();
    assertThat(client.get(path).json().path("spec").has("foo")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patches")
  void ignoreDropsUnknownFieldsSilently(String name, String type, String body) {
    String path = createPod("ignore-" + name);
    Response r = client.send("PATCH", path + "?fieldValidation=Ignore", body, type, "application/json");
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.warnings()).isEmpty();
    assertThat(r.json().path("spec").has("foo")).isFalse();
  }

  @Test
  void warnOnCreateDropsUnknownFieldsInsteadOfStoringThem() {
    Response r = client.post("/api/v1/namespaces/default/configmaps?fieldValidation=Warn", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"warned"},"dta":{"a":"1"}}""");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    assertThat(r.warnings()).containsExactly("299 - \"unknown field \\\"dta\\\"\"");
    assertThat(client.get("/api/v1/namespaces/default/configmaps/warned").json().has("dta")).isFalse();
  }
}

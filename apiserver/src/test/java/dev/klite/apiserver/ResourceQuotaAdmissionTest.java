package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * ResourceQuota admission of creates (upstream plugin/pkg/admission/resourcequota). This server has
 * no quota controller, so each test fills status.hard and status.used itself, as the controller would.
 */
class ResourceQuotaAdmissionTest extends InMemoryServerTest {
  private static final String NS = "/api/v1/namespaces/quota-admission";

  @BeforeAll
  static void namespace() {
    Response r = client.post("/api/v1/namespaces", """
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"quota-admission"}}""");
    assertThat(r.code()).as(r.body()).isEqualTo(201);
  }

  private static void quota(String name, String hard, String used) {
    Response created = client.post(NS + "/resourcequotas", """
        {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"%s"},"spec":{"hard":%s}}""".formatted(name, hard));
    assertThat(created.code()).as(created.body()).isEqualTo(201);
    JsonNode q = created.json();
    Response status = client.put(NS + "/resourcequotas/" + name + "/status", """
        {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"%s","resourceVersion":"%s"},
         "spec":{"hard":%s},"status":{"hard":%s,"used":%s}}""".formatted(name,
        q.path("metadata").path("resourceVersion").asString(), hard, hard, used));
    assertThat(status.code()).as(status.body()).isEqualTo(200);
  }

  private static JsonNode used(String name) {
    return client.get(NS + "/resourcequotas/" + name).json().path("status").path("used");
  }

  private static Response configMap(String name) {
    return client.post(NS + "/configmaps", """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s"}}""".formatted(name));
  }

  private static Response pod(String name, String cpu) {
    return client.post(NS + "/pods", """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"containers":[{"name":"c","image":"busybox",
         "resources":{"requests":{"cpu":"%s"}}}]}}""".formatted(name, cpu));
  }

  @Test
  void createsAreChargedUntilTheQuotaIsExceededThenForbidden() {
    quota("cm-quota", "{\"configmaps\":\"2\",\"count/configmaps\":\"5\"}", "{\"configmaps\":\"0\",\"count/configmaps\":\"0\"}");
    assertThat(configMap("a").code()).isEqualTo(201);
    assertThat(used("cm-quota").path("configmaps").asString()).isEqualTo("1");
    assertThat(used("cm-quota").path("count/configmaps").asString()).isEqualTo("1");
    assertThat(configMap("b").code()).isEqualTo(201);

    Response refused = configMap("c");
    assertThat(refused.code()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("reason").asString()).isEqualTo("Forbidden");
    assertThat(refused.json().path("message").asString()).isEqualTo("configmaps \"c\" is forbidden: exceeded quota: "
        + "cm-quota, requested: configmaps=1, used: configmaps=2, limited: configmaps=2");
    assertThat(client.get(NS + "/configmaps/c").code()).isEqualTo(404);
    assertThat(used("cm-quota").path("configmaps").asString()).as("a refusal charges nothing").isEqualTo("2");
  }

  @Test
  void podComputeRequestsAreChargedAndLimited() {
    quota("cpu-quota", "{\"requests.cpu\":\"1\",\"pods\":\"10\"}", "{\"requests.cpu\":\"0\",\"pods\":\"0\"}");
    assertThat(pod("p1", "600m").code()).isEqualTo(201);
    assertThat(used("cpu-quota").path("requests.cpu").asString()).isEqualTo("600m");
    assertThat(used("cpu-quota").path("pods").asString()).isEqualTo("1");

    Response refused = pod("p2", "600m");
    assertThat(refused.code()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("message").asString()).isEqualTo("pods \"p2\" is forbidden: exceeded quota: "
        + "cpu-quota, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1");
    assertThat(pod("p3", "400m").code()).isEqualTo(201);
    assertThat(used("cpu-quota").path("requests.cpu").asString()).isEqualTo("1");
  }

  @Test
  void aQuotaWithoutUsageForAConstrainedResourceRefusesAsStatusUnknown() {
    quota("unknown-quota", "{\"secrets\":\"5\"}", "{}");
    Response refused = client.post(NS + "/secrets", """
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""");
    assertThat(refused.code()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("message").asString())
        .isEqualTo("secrets \"s\" is forbidden: status unknown for quota: unknown-quota, resource: secrets");
  }
}

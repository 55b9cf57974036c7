package dev.klite.apiserver;

import static dev.klite.apiserver.ServiceAccountFixtures.namespace;
import static dev.klite.apiserver.ServiceAccountFixtures.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The ServiceAccount admission plugin on pod creates, against a real server that runs it. */
class ServiceAccountAdmissionTest {
  static final String MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
  /** A real pod's volume (kubectl get pod -o json on v1.32), but for the random suffix. */
  static final JsonNode EXPECTED_SOURCE = Json.parse(("""
      {"defaultMode":420,"sources":[
        {"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
        {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
        {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}
      """).getBytes());

  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;

  @BeforeAll
  static void start() {
    server = ApiServer.start(ApiServerConfig.defaults(dir).withPort(0).withInMemoryStore(true));
    client = new TestClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestClient.Response createPod(String ns, String metadata, String spec) {
    return client.post("/api/v1/namespaces/" + ns + "/pods", "{\"metadata\":" + metadata + ",\"spec\":" + spec + "}");
  }

  private static ObjectNode created(TestClient.Response r) {
    assertThat(r.code()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static List<JsonNode> tokenVolumes(JsonNode pod) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode v : pod.path("spec").path("volumes")) {
      if (v.path("name").asString().startsWith("kube-api-access-")) out.add(v);
    }
    return out;
  }

  private static List<JsonNode> tokenMounts(JsonNode container) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode m : container.path("volumeMounts")) {
      if (m.path("mountPath").asString().equals(MOUNT)) out.add(m);
    }
    return out;
  }

  private static void assertForbidden(TestClient.Response r, String message) {
    assertThat(r.code()).as(r.body()).isEqualTo(403);
    assertThat(r.json().path("reason").asString()).isEqualTo("Forbidden");
    assertThat(r.json().path("message").asString()).isEqualTo(message);
  }

  @Test
  void defaultsTheServiceAccountAndMountsTheTokenVolumeInEveryContainer() {
    namespace(client, "adm-default");
    serviceAccount(client, "adm-default", "default");
    ObjectNode pod = created(createPod("adm-default", "{\"name\":\"p\"}", """
        {"initContainers":[{"name":"init","image":"busybox"}],
         "containers":[{"name":"a","image":"busybox"},{"name":"b","image":"busybox",
           "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
         "volumes":[{"name":"data","emptyDir":{}}]}"""));
    assertThat(pod.path("spec").path("serviceAccountName").asString()).isEqualTo("default");
    assertThat(pod.path("spec").path("serviceAccount").asString()).isEqualTo("default");
    List<JsonNode> volumes = tokenVolumes(pod);
    assertThat(volumes).hasSize(1);
    String name = volumes.get(0).path("name").asString();
    assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(volumes.get(0).path("projected")).isEqualTo(EXPECTED_SOURCE);
    List<JsonNode> containers = new ArrayList<>();
    pod.path("spec").path("initContainers").forEach(containers::add);
    pod.path("spec").path("containers").forEach(containers::add);
    for (JsonNode c : containers) {
      List<JsonNode> mounts = tokenMounts(c);
      assertThat(mounts).as(c.toString()).hasSize(1);
      assertThat(mounts.get(0).path("name").asString()).isEqualTo(name);
      assertThat(mounts.get(0).path("readOnly").asBoolean()).isTrue();
    }
    // The container's own mount stays first.
    assertThat(pod.path("spec").path("containers").get(1).path("volumeMounts").get(0).path("name").asString())
        .isEqualTo("data");
  }

  @Test
  void automountFollowsThePodThenTheServiceAccount() {
    namespace(client, "adm-optout");
    serviceAccount(client, "adm-optout", "default");
    serviceAccount(client, "adm-optout", "quiet", ",\"automountServiceAccountToken\":false");
    serviceAccount(client, "adm-optout", "loud", ",\"automountServiceAccountToken\":true");
    String[][] cases = {
        // pod setting, service account, whether a token is mounted
        {"", "default", "true"},
        {"false", "default", "false"},
        {"true", "default", "true"},
        {"", "quiet", "false"},
        {"true", "quiet", "true"},
        {"false", "loud", "false"},
        {"", "loud", "true"}};
    int i = 0;
    for (String[] c : cases) {
      String automount = c[0].isEmpty() ? "" : ",\"automountServiceAccountToken\":" + c[0];
      ObjectNode pod = created(createPod("adm-optout", "{\"name\":\"p" + i++ + "\"}", "{\"serviceAccountName\":\"" + c[1]
          + "\"" + automount + ",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}"));
      boolean mounted = Boolean.parseBoolean(c[2]);
      assertThat(tokenVolumes(pod)).as(String.join(",", c)).hasSize(mounted ? 1 : 0);
      assertThat(tokenMounts(pod.path("spec").path("containers").get(0))).hasSize(mounted ? 1 : 0);
    }
  }

  @Test
  void leavesContainersThatAlreadyMountThePathAlone() {
    namespace(client, "adm-existing");
    serviceAccount(client, "adm-existing", "default");
    ObjectNode pod = created(createPod("adm-existing", "{\"name\":\"mixed\"}", """
        {"containers":[{"name":"own","image":"busybox","volumeMounts":[{"name":"mine","mountPath":"%s"}]},
                       {"name":"plain","image":"busybox"}],
         "volumes":[{"name":"mine","emptyDir":{}}]}""".formatted(MOUNT)));
    JsonNode own = pod.path("spec").path("containers").get(0);
    assertThat(own.path("volumeMounts")).hasSize(1);
    assertThat(own.path("volumeMounts").get(0).path("name").asString()).isEqualTo("mine");
    assertThat(tokenMounts(pod.path("spec").path("containers").get(1))).hasSize(1);
    assertThat(tokenVolumes(pod)).hasSize(1);

    ObjectNode all = created(createPod("adm-existing", "{\"name\":\"all\"}", """
        {"containers":[{"name":"own","image":"busybox","volumeMounts":[{"name":"mine","mountPath":"%s"}]}],
         "volumes":[{"name":"mine","emptyDir":{}}]}""".formatted(MOUNT)));
    assertThat(tokenVolumes(all)).isEmpty();
    assertThat(all.path("spec").path("volumes")).hasSize(1);
  }

  @Test
  void refusesAPodWhoseServiceAccountDoesNotExist() {
    namespace(client, "adm-missing");
    assertForbidden(createPod("adm-missing", "{\"name\":\"p\"}",
            "{\"serviceAccountName\":\"ghost\",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}"),
        "pods \"p\" is forbidden: error looking up service account adm-missing/ghost: serviceaccount \"ghost\" not found");
    // The default one is waited for (the controller creates it right after the namespace) ...
    long start = System.nanoTime();
    assertForbidden(createPod("adm-missing", "{\"name\":\"q\"}", "{\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}"),
        "pods \"q\" is forbidden: error looking up service account adm-missing/default: serviceaccount \"default\" not found");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2_500);
    assertThat(client.get("/api/v1/namespaces/adm-missing/pods/q").code()).isEqualTo(404);
    // ... and its late arrival lets the waiting create through.
    CompletableFuture<TestClient.Response> waiting = CompletableFuture.supplyAsync(() -> createPod("adm-missing",
        "{\"generateName\":\"late-\"}", "{\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}"));
    serviceAccount(client, "adm-missing", "default");
    ObjectNode late = created(waiting.join());
    assertThat(tokenVolumes(late)).hasSize(1);
  }

  @Test
  void aNamespaceThatDoesNotExistIsReportedFirst() {
    TestClient.Response r = createPod("adm-nowhere", "{\"name\":\"p\"}", "{\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}");
    assertThat(r.code()).as(r.body()).isEqualTo(404);
    assertThat(r.json().path("message").asString()).isEqualTo("namespaces \"adm-nowhere\" not found");
  }

  @Test
  void leavesMirrorPodsUnchangedButRefusesTheirCredentials() {
    namespace(client, "adm-mirror");
    String mirror = "{\"name\":\"%s\",\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"}}";
    ObjectNode pod = created(createPod("adm-mirror", mirror.formatted("static"),
        "{\"nodeName\":\"n\",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}"));
    assertThat(tokenVolumes(pod)).isEmpty();
    assertThat(pod.path("spec").path("containers").get(0).has("volumeMounts")).isFalse();
    assertForbidden(createPod("adm-mirror", mirror.formatted("with-sa"),
            "{\"serviceAccountName\":\"x\",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}"),
        "pods \"with-sa\" is forbidden: a mirror pod may not reference service accounts");
    assertForbidden(createPod("adm-mirror", mirror.formatted("with-secret"),
            "{\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}],\"volumes\":[{\"name\":\"s\",\"secret\":{\"secretName\":\"s\"}}]}"),
        "pods \"with-secret\" is forbidden: a mirror pod may not reference secrets");
  }

  @Test
  void mutatesDryRunsAndCopiesPullSecretsAndReadsTheDeprecatedField() {
    namespace(client, "adm-dry");
    serviceAccount(client, "adm-dry", "builder", ",\"imagePullSecrets\":[{\"name\":\"registry\"}]");
    TestClient.Response dry = client.post("/api/v1/namespaces/adm-dry/pods?dryRun=All",
        "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"serviceAccount\":\"builder\",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}}");
    ObjectNode pod = created(dry);
    assertThat(pod.path("spec").path("serviceAccountName").asString()).isEqualTo("builder");
    assertThat(tokenVolumes(pod)).hasSize(1);
    assertThat(pod.path("spec").path("imagePullSecrets").toString()).isEqualTo("[{\"name\":\"registry\"}]");
    assertThat(client.get("/api/v1/namespaces/adm-dry/pods/p").code()).isEqualTo(404);
    assertForbidden(client.post("/api/v1/namespaces/adm-dry/pods?dryRun=All",
            "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"serviceAccountName\":\"ghost\",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}}"),
        "pods \"p\" is forbidden: error looking up service account adm-dry/ghost: serviceaccount \"ghost\" not found");
  }
}

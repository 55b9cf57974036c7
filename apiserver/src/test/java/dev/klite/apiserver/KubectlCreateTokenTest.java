package dev.klite.apiserver;

import static dev.klite.apiserver.ServiceAccountFixtures.claims;
import static dev.klite.apiserver.ServiceAccountFixtures.namespace;
import static dev.klite.apiserver.ServiceAccountFixtures.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl create token} through real kubectl (skipped without kubectl on PATH unless
 * KLITE_REQUIRE_KUBECTL=1), and the printed token then used by kubectl itself.
 */
class KubectlCreateTokenTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;
  static Path kubeconfig;

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    if (!"1".equals(System.getenv("KLITE_REQUIRE_KUBECTL"))) assumeTrue(TestKubeconfig.kubectlOnPath(), "kubectl not on PATH");
    server = ApiServer.start(ApiServerConfig.defaults(dir).withPort(0).withInMemoryStore(true));
    client = new TestClient(server);
    kubeconfig = kubeconfig("admin", server.adminToken());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  private static Path kubeconfig(String name, String token) throws Exception {
    return TestKubeconfig.write(dir, server, "kubeconfig-" + name, token);
  }

  private static Run kubectl(Path kc, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kc.toString(), "--cache-dir",
        dir.resolve("cache").toString(), "--request-timeout=20s"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, Files.readString(dir.resolve("stderr")));
  }


  @Test
  void createsTokensWithDurationAudienceAndBinding() throws Exception {
    namespace(client, "kct");
    serviceAccount(client, "kct", "robot");
    Run plain = kubectl(kubeconfig, "-n", "kct", "create", "token", "robot");
    assertThat(plain.exit()).as(plain.err()).isZero();
    String token = plain.out().trim();
    ObjectNode c = claims(token);
    assertThat(c.path("sub").asString()).isEqualTo("system:serviceaccount:kct:robot");
    assertThat(c.path("exp").asLong() - c.path("iat").asLong()).isEqualTo(3600);

    // The printed token is a working credential for kubectl itself.
    Run asRobot = kubectl(kubeconfig("robot", token), "-n", "kct", "get", "serviceaccounts", "-o", "name");
    assertThat(asRobot.exit()).as(asRobot.err()).isZero();
    assertThat(asRobot.out()).contains("serviceaccount/robot");

    Run custom = kubectl(kubeconfig, "-n", "kct", "create", "token", "robot", "--duration=2h", "--audience=vault",
        "--audience=other");
    assertThat(custom.exit()).as(custom.err()).isZero();
    ObjectNode cc = claims(custom.out().trim());
    assertThat(cc.path("exp").asLong() - cc.path("iat").asLong()).isEqualTo(7200);
    assertThat(cc.path("aud").toString()).isEqualTo("[\"vault\",\"other\"]");

    TestClient.Response pod = client.post("/api/v1/namespaces/kct/pods", "{\"metadata\":{\"name\":\"p\"},\"spec\":"
        + "{\"serviceAccountName\":\"robot\",\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}}");
    assertThat(pod.code()).as(pod.body()).isEqualTo(201);
    Run bound = kubectl(kubeconfig, "-n", "kct", "create", "token", "robot", "--bound-object-kind=Pod",
        "--bound-object-name=p");
    assertThat(bound.exit()).as(bound.err()).isZero();
    assertThat(claims(bound.out().trim()).path("kubernetes.io").path("pod").path("uid").asString())
        .isEqualTo(pod.json().path("metadata").path("uid").asString());

    Run tooShort = kubectl(kubeconfig, "-n", "kct", "create", "token", "robot", "--duration=5m");
    assertThat(tooShort.exit()).isNotZero();
    assertThat(tooShort.err()).contains("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: "
        + "Invalid value: 300: may not specify a duration less than 10 minutes");
    Run missing = kubectl(kubeconfig, "-n", "kct", "create", "token", "nobody");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("serviceaccounts \"nobody\" not found");
  }
}

package dev.klite.apiserver;

import static dev.klite.apiserver.ServiceAccountFixtures.namespace;
import static dev.klite.apiserver.ServiceAccountFixtures.serviceAccount;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key lives in {@code pki/sa.key} (0600): a restart keeps it, and with it every token. */
class ServiceAccountKeyRestartTest {
  @TempDir
  Path dir;

  @Test
  void aTokenIssuedBeforeARestartStillAuthenticatesAfterIt() {
    ApiServerConfig config = ApiServerConfig.defaults(dir).withPort(0);
    String token;
    String jwks;
    try (ApiServer first = ApiServer.start(config)) {
      TestClient client = new TestClient(first);
      namespace(client, "restart");
      serviceAccount(client, "restart", "robot");
      TestClient.Response r = client.post("/api/v1/namespaces/restart/serviceaccounts/robot/token", "{}");
      assertThat(r.code()).as(r.body()).isEqualTo(201);
      token = r.json().path("status").path("token").asString();
      jwks = client.get("/openid/v1/jwks").body();
    }
    for (String file : new String[] {"pki/sa.key", "pki/sa.pub"}) {
      assertThat(dir.resolve(file)).exists();
    }
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/sa.key"))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(dir.resolve("pki/sa.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (ApiServer second = ApiServer.start(config)) {
      TestClient admin = new TestClient(second);
      assertThat(admin.get("/openid/v1/jwks").body()).isEqualTo(jwks);
      TestClient robot = new TestClient(second.url(), second.caCertificatePem(), token);
      assertThat(robot.get("/api/v1/namespaces/restart/configmaps").code()).isEqualTo(200);
    }
  }

  @Test
  void inMemoryServersEachGetTheirOwnKey() {
    String first;
    try (ApiServer a = ApiServer.start(ApiServerConfig.defaults(dir.resolve("a")).withPort(0).withInMemoryStore(true))) {
      first = new TestClient(a).get("/openid/v1/jwks").body();
    }
    try (ApiServer b = ApiServer.start(ApiServerConfig.defaults(dir.resolve("a")).withPort(0).withInMemoryStore(true))) {
      assertThat(new TestClient(b).get("/openid/v1/jwks").body()).isNotEqualTo(first);
    }
    assertThat(dir.resolve("a/pki/sa.key")).doesNotExist();
  }
}

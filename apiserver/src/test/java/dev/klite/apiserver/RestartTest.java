package dev.klite.apiserver;

import static dev.klite.apiserver.CrudTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The RocksDB-backed server keeps objects, uids, resourceVersions, CA and token across restarts. */
class RestartTest {
  @TempDir
  Path dir;

  @Test
  void restartOnTheSameDataDirKeepsEverything() throws Exception {
    ApiServerConfig config = TestConfigs.defaults(dir).withPort(0);
    ObjectNode created;
    String ca;
    String token;
    try (ApiServer first = ApiServer.start(config)) {
      TestClient client = new TestClient(first);
      Response r = client.post("/api/v1/namespaces/default/configmaps", configMap("keep", "v"));
      assertThat(r.code()).as(r.body()).isEqualTo(201);
      created = r.json();
      ca = first.caCertificatePem();
      token = first.adminToken();
      assertThat(first.url().toString()).startsWith("https://127.0.0.1:");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/admin.token"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki/ca.key"))))
        .isEqualTo("rw-------");
    try (ApiServer second = ApiServer.start(config)) {
      assertThat(second.caCertificatePem()).isEqualTo(ca);
      assertThat(second.adminToken()).isEqualTo(token);
      TestClient client = new TestClient(second);
      ObjectNode again = client.get("/api/v1/namespaces/default/configmaps/keep").json();
      assertThat(again.path("metadata").path("uid").asString()).isEqualTo(created.path("metadata").path("uid").asString());
      assertThat(again.path("metadata").path("resourceVersion").asString())
          .isEqualTo(created.path("metadata").path("resourceVersion").asString());
      Response next = client.post("/api/v1/namespaces/default/configmaps", configMap("later", "v"));
      assertThat(Long.parseLong(next.json().path("metadata").path("resourceVersion").asString()))
          .isGreaterThan(Long.parseLong(created.path("metadata").path("resourceVersion").asString()));
      assertThat(client.get("/api/v1/namespaces/kube-system").code()).isEqualTo(200);
    }
  }
}

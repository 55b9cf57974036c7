package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedder (klite) keeps /readyz at 503 until its own start-up is done; /livez is up at once. */
class ReadinessTest {
  @TempDir Path dir;

  @Test
  void readyzAnswers503UntilMarkedReady() {
    try (ApiServer server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true), false)) {
      TestClient client = new TestClient(server);
      TestClient.Response notReady = client.get("/readyz");
      assertThat(notReady.code()).isEqualTo(503);
      assertThat(notReady.body()).contains("readyz check failed");
      assertThat(client.get("/livez").code()).isEqualTo(200);

      server.markReady();
      TestClient.Response ready = client.get("/readyz");
      assertThat(ready.code()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("ok");
    }
  }

  @Test
  void readyzIsOkAtOnceByDefault() {
    try (ApiServer server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true))) {
      assertThat(new TestClient(server).get("/readyz").code()).isEqualTo(200);
    }
  }
}

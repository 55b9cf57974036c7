package dev.klite.apiserver;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One real {@link ApiServer} on the in-memory store per test class, with a client trusting its CA. */
abstract class InMemoryServerTest {
  @TempDir
  static Path dir;
  static ApiServer server;
  static TestClient client;

  @BeforeAll
  static void start() {
    server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true));
    client = new TestClient(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }
}

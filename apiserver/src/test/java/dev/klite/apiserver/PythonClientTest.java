package dev.klite.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official Python client ({@code python3-kubernetes}) lists, watches, creates, patches and
 * deletes a Job (src/test/resources/python/job_client.py). Skipped with a logged reason when
 * python3 or the module is missing, unless KLITE_REQUIRE_PYTHON_CLIENT=1.
 */
class PythonClientTest {
  private static final Logger log = LoggerFactory.getLogger(PythonClientTest.class);

  @TempDir
  Path dir;

  @Test
  void pythonClientListsWatchesCreatesPatchesAndDeletesAJob() throws Exception {
    boolean required = "1".equals(System.getenv("KLITE_REQUIRE_PYTHON_CLIENT"));
    Path script = dir.resolve("job_client.py");
    try (InputStream in = getClass().getResourceAsStream("/python/job_client.py")) {
      Files.copy(in, script);
    }
    try (ApiServer server = ApiServer.start(TestConfigs.defaults(dir).withPort(0).withInMemoryStore(true))) {
      Path ca = dir.resolve("ca.crt");
      Files.writeString(ca, server.caCertificatePem());
      TestClient http = new TestClient(server);
      assertThat(http.post("/api/v1/namespaces", """
          {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"py"}}""").code()).isEqualTo(201);
      // Debian's python3-kubernetes lives in /usr/bin/python3's dist-packages, which a pyenv
      // python3 first on PATH does not see: try both.
      Path out = dir.resolve("out.txt");
      Process p = null;
      String output = "";
      for (String python : java.util.List.of("python3", "/usr/bin/python3")) {
        try {
          p = new ProcessBuilder(python, script.toString(), server.url().toString(), ca.toString(),
              server.adminToken(), "py").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (java.io.IOException e) {
          continue;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python client finished").isTrue();
        output = Files.readString(out);
        if (p.exitValue() != 3) break;
      }
      if (p == null) {
        skip(required, "python3 is not installed");
        return;
      }
      if (p.exitValue() == 3) {
        skip(required, "the python3 kubernetes module is missing (apt-get install python3-kubernetes)");
        return;
      }
      assertThat(p.exitValue()).as(output).isZero();
      assertThat(output).contains("ok: watch events").contains("PASSED");
    }
  }

  private static void skip(boolean required, String reason) {
    if (required) throw new AssertionError(reason + " but KLITE_REQUIRE_PYTHON_CLIENT=1");
    log.warn("skipping the Python client test: {}", reason);
    assumeTrue(false, reason);
  }
}

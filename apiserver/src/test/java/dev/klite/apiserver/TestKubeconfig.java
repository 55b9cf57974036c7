package dev.klite.apiserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for real kubectl against a test server: its CA and a bearer token, one context. */
final class TestKubeconfig {
  private TestKubeconfig() {}

  /** Writes {@code dir/ca.crt} and {@code dir/<fileName>} for {@code token} (the admin token by default). */
  static Path write(Path dir, ApiServer server, String fileName, String token) throws IOException {
    Path ca = dir.resolve("ca.crt");
    Files.writeString(ca, server.caCertificatePem());
    Path kubeconfig = dir.resolve(fileName);
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: k, cluster: {server: "%s", certificate-authority: "%s"}}]
        users: [{name: a, user: {token: "%s"}}]
        contexts: [{name: c, context: {cluster: k, user: a}}]
        current-context: c
        """.formatted(server.url(), ca, token));
    return kubeconfig;
  }

  static Path write(Path dir, ApiServer server) throws IOException {
    return write(dir, server, "kubeconfig", server.adminToken());
  }

  /** Whether {@code kubectl} is on PATH. */
  static boolean kubectlOnPath() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, "kubectl"))) return true;
    }
    return false;
  }
}

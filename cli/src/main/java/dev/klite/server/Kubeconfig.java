package dev.klite.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** The admin kubeconfig klite writes for kubectl and client libraries. */
public record Kubeconfig(URI server, String caCertificatePem, String token, String namespace) {

  public Kubeconfig(URI server, String caCertificatePem, String token) {
    this(server, caCertificatePem, token, "default");
  }

  /** The same credentials with another default namespace in the context. */
  public Kubeconfig withNamespace(String ns) {
    return new Kubeconfig(server, caCertificatePem, token, ns);
  }

  public static final String CONTEXT = "klite";

  public String toYaml() {
    String ca = Base64.getEncoder().encodeToString(caCertificatePem.getBytes(StandardCharsets.UTF_8));
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: klite
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: klite-admin
          user:
            token: %s
        contexts:
        - name: klite
          context:
            cluster: klite
            user: klite-admin
            namespace: %s
        current-context: klite
        preferences: {}
        """.formatted(server, ca, token, namespace);
  }

  /**
   * Writes the file with mode 0600, atomically: a reader never sees a half-written kubeconfig
   * (the file carries a bearer token, so it is never world-readable, not even briefly).
   */
  public void writeTo(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, toYaml(), StandardCharsets.UTF_8);
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

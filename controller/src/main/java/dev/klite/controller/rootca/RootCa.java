package dev.klite.controller.rootca;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The CA bundle to publish: the one the controller's own client trusts, as kube-controller-manager
 * falls back to the CA of its kubeconfig when no {@code --root-ca-file} is given
 * ({@code cmd/kube-controller-manager/app/certificates.go}).
 */
public final class RootCa {

  private RootCa() {}

  /** The PEM from {@code caCertData} (base64) or {@code caCertFile}; empty when the client trusts no explicit CA. */
  public static Optional<String> fromClientConfig(Config config) {
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return Optional.of(new String(Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.UTF_8));
    }
    if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      try {
        return Optional.of(Files.readString(Path.of(config.getCaCertFile()), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the CA file " + config.getCaCertFile() + ": " + e.getMessage(), e);
      }
    }
    return Optional.empty();
  }
}

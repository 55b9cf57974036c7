package dev.klite.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds the fabric8 clients the embedded controllers and kubelet use to reach the API server. */
public final class Clients {
  private Clients() {}

  /**
   * A client for the given kubeconfig values. It starts from an empty config so nothing is picked
   * up from the user's ~/.kube/config or the environment: the embedded parts must talk to this
   * server only.
   */
  public static KubernetesClient forServer(Kubeconfig kubeconfig, String userAgent) {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(kubeconfig.server().toString())
        .withCaCertData(Base64.getEncoder().encodeToString(kubeconfig.caCertificatePem().getBytes(StandardCharsets.UTF_8)))
        .withOauthToken(kubeconfig.token())
        .withNamespace(kubeconfig.namespace())
        .withUserAgent(userAgent)
        .withRequestTimeout(30_000)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}

package dev.klite.kubelet.token;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Requests tokens through fabric8's {@code serviceAccounts()...tokenRequest(...)}, i.e. {@code POST
 * /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}. Errors carry the API server's own message (its
 * {@code metav1.Status}), as client-go's errors do; a 404 from a server without the subresource is told apart from a
 * missing service account as upstream's token manager does (a discovery check of {@code serviceaccounts/token}).
 */
public final class Fabric8TokenSource implements TokenSource {
  private final KubernetesClient client;
  /** Once seen in discovery, not asked again (upstream checks once per kubelet). */
  private volatile boolean endpointSeen;

  public Fabric8TokenSource(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public TokenRequest request(String namespace, String serviceAccount, TokenRequest request) throws TokenException {
    if (serviceAccount == null || serviceAccount.isEmpty()) {
      // What client-go answers before sending anything.
      throw new TokenException("resource name may not be empty");
    }
    try {
      return client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 && !tokenEndpointAvailable()) {
        throw new TokenException("the API server does not have TokenRequest endpoints enabled", e);
      }
      throw new TokenException(message(e), e);
    }
  }

  private boolean tokenEndpointAvailable() {
    if (!endpointSeen) {
      try {
        APIResourceList list = client.getApiResources("v1");
        endpointSeen = list != null && list.getResources().stream()
            .anyMatch(r -> "serviceaccounts/token".equals(r.getName()));
      } catch (KubernetesClientException e) {
        // Discovery failed too: report the original error rather than guess.
        return true;
      }
    }
    return endpointSeen;
  }

  /** The Status message of the API server's answer when there is one, else fabric8's description. */
  static String message(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null && !e.getStatus().getMessage().isEmpty()) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }
}

package dev.klite.kubelet.token;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;

/**
 * Where service account tokens come from: the API server's TokenRequest subresource
 * ({@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}). Called on pod worker threads; may block on HTTP.
 */
public interface TokenSource {
  /**
   * Requests a token for the service account.
   *
   * @return the API server's answer (its {@code status.token} and {@code status.expirationTimestamp})
   * @throws TokenException when the request fails; the message is the API server's (e.g.
   *     {@code serviceaccounts "x" not found})
   */
  TokenRequest request(String namespace, String serviceAccount, TokenRequest request) throws TokenException;
}

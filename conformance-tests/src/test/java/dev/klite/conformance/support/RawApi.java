package dev.klite.conformance.support;

import dev.klite.junit5.Klite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTPS requests with the kubeconfig's CA and token, for what typed clients cannot send (raw bodies, Accept forms). */
public final class RawApi {
  private final Klite klite;
  private final HttpClient http;
  private final String token;

  public RawApi(Klite klite) throws Exception {
    this.klite = klite;
    this.http = HttpClient.newBuilder().sslContext(Tls.trusting(klite.kubeconfigYaml())).connectTimeout(Duration.ofSeconds(10)).build();
    this.token = Tls.token(klite.kubeconfigYaml());
  }

  public HttpResponse<String> get(String path, String accept) throws Exception {
    return send(request(path).header("Accept", accept).GET().build());
  }

  public HttpResponse<String> post(String path, String accept, String contentType, String body) throws Exception {
    return send(request(path).header("Accept", accept).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(klite.url() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}

package dev.klite.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Tls;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The API is closed to requests without the admin bearer token (design.md "API server"). */
@EnableKlite(namespacePerTest = false)
class AuthenticationIT {

  @Test
  void requestWithoutTokenGets401Status(Klite klite) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(Tls.trusting(klite.kubeconfigYaml())).build();
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(klite.url() + "/api/v1/namespaces")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .contains("\"kind\":\"Status\"")
        .contains("\"reason\":\"Unauthorized\"")
        .contains("\"code\":401");
  }

  @Test
  void requestWithWrongTokenGets401AndRightTokenGets200(Klite klite) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(Tls.trusting(klite.kubeconfigYaml())).build();
    HttpResponse<String> wrong = http.send(
        HttpRequest.newBuilder(URI.create(klite.url() + "/api/v1/namespaces"))
            .header("Authorization", "Bearer not-the-token").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);

    HttpResponse<String> right = http.send(
        HttpRequest.newBuilder(URI.create(klite.url() + "/api/v1/namespaces"))
            .header("Authorization", "Bearer " + Tls.token(klite.kubeconfigYaml())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.body()).contains("\"kind\":\"NamespaceList\"").contains("\"name\":\"kube-system\"");
  }
}

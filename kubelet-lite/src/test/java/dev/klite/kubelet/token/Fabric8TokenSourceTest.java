package dev.klite.kubelet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TokenRequest call as the kubelet makes it, against fabric8's mock server. */
@EnableKubernetesMockClient
class Fabric8TokenSourceTest {
  static KubernetesMockServer server;
  static KubernetesClient client;

  private static TokenRequest request(List<String> audiences) {
    return new TokenRequestBuilder().withNewSpec().withAudiences(audiences).withExpirationSeconds(3607L)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName("web-0").withUid("uid-1")
        .endBoundObjectRef().endSpec().build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(RecordedRequest r) {
    return client.getKubernetesSerialization().unmarshal(r.getBody().readUtf8(), Map.class);
  }

  @Test
  void postsTheTokenRequestWithAudiencesLifetimeAndBoundPod() throws Exception {
    TokenRequest answer = new TokenRequestBuilder(request(List.of("vault"))).withNewStatus().withToken("jwt")
        .withExpirationTimestamp("2026-01-01T01:00:07Z").endStatus().build();
    server.expect().post().withPath("/api/v1/namespaces/ns1/serviceaccounts/builder/token").andReturn(201, answer)
        .once();
    TokenRequest out = new Fabric8TokenSource(client).request("ns1", "builder", request(List.of("vault")));
    assertThat(out.getStatus().getToken()).isEqualTo("jwt");
    assertThat(out.getStatus().getExpirationTimestamp()).isEqualTo("2026-01-01T01:00:07Z");
    RecordedRequest recorded = server.getLastRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    Map<String, Object> sent = body(recorded);
    assertThat(sent).containsEntry("apiVersion", "authentication.k8s.io/v1").containsEntry("kind", "TokenRequest");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) sent.get("spec");
    assertThat(spec).containsEntry("audiences", List.of("vault"));
    assertThat(((Number) spec.get("expirationSeconds")).longValue()).isEqualTo(3607L);
    assertThat(spec.get("boundObjectRef")).isEqualTo(Map.of("apiVersion", "v1", "kind", "Pod", "name", "web-0",
        "uid", "uid-1"));
  }

  @Test
  void noAudienceSendsNoAudiencesSoTheServerDefaultApplies() throws Exception {
    server.expect().post().withPath("/api/v1/namespaces/ns2/serviceaccounts/default/token")
        .andReturn(201, new TokenRequestBuilder(request(null)).withNewStatus().withToken("jwt")
            .withExpirationTimestamp("2026-01-01T01:00:07Z").endStatus().build()).once();
    new Fabric8TokenSource(client).request("ns2", "default", request(null));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) body(server.getLastRequest()).get("spec");
    assertThat(spec.get("audiences")).satisfiesAnyOf(a -> assertThat(a).isNull(),
        a -> assertThat((List<?>) a).isEmpty());
  }

  @Test
  void aMissingServiceAccountFailsWithTheServersMessage() {
    server.expect().post().withPath("/api/v1/namespaces/ns3/serviceaccounts/x/token")
        .andReturn(404, new StatusBuilder().withStatus("Failure").withReason("NotFound").withCode(404)
            .withMessage("serviceaccounts \"x\" not found").build()).once();
    server.expect().get().withPath("/api/v1").andReturn(200, new APIResourceListBuilder().withGroupVersion("v1")
        .addNewResource().withName("serviceaccounts").withNamespaced(true).withKind("ServiceAccount").endResource()
        .addNewResource().withName("serviceaccounts/token").withNamespaced(true).withKind("TokenRequest")
        .endResource().build()).once();
    assertThatThrownBy(() -> new Fabric8TokenSource(client).request("ns3", "x", request(null)))
        .isInstanceOf(TokenException.class).hasMessage("serviceaccounts \"x\" not found");
  }

  @Test
  void aServerWithoutTheSubresourceIsToldApart() {
    server.expect().post().withPath("/api/v1/namespaces/ns4/serviceaccounts/default/token")
        .andReturn(404, new StatusBuilder().withStatus("Failure").withReason("NotFound").withCode(404)
            .withMessage("the server could not find the requested resource").build()).once();
    server.expect().get().withPath("/api/v1").andReturn(200, new APIResourceListBuilder().withGroupVersion("v1")
        .addNewResource().withName("serviceaccounts").withNamespaced(true).withKind("ServiceAccount").endResource()
        .build()).once();
    assertThatThrownBy(() -> new Fabric8TokenSource(client).request("ns4", "default", request(null)))
        .hasMessage("the API server does not have TokenRequest endpoints enabled");
  }

  @Test
  void anEmptyServiceAccountNameIsRefusedBeforeAnyRequest() {
    assertThatThrownBy(() -> new Fabric8TokenSource(client).request("ns5", "", request(null)))
        .hasMessage("resource name may not be empty");
  }
}

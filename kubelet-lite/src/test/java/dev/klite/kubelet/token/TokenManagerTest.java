package dev.klite.kubelet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token cache of pkg/kubelet/token/token_manager.go against a fake source, an injected clock and no jitter. */
class TokenManagerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeTokenSource source = new FakeTokenSource(clock);
  private final TokenManager manager = new TokenManager(source, clock, () -> 0.0);

  private static TokenRequest request(String audience, long seconds, String podUid) {
    return new TokenRequestBuilder().withNewSpec().withAudiences(audience == null ? null : List.of(audience))
        .withExpirationSeconds(seconds).withNewBoundObjectRef().withApiVersion("v1").withKind("Pod")
        .withName("p-" + podUid).withUid(podUid).endBoundObjectRef().endSpec().build();
  }

  private String token(TokenRequest r) throws TokenException {
    return manager.token("ns", "sa", r).getStatus().getToken();
  }

  @Test
  void aTokenIsCachedUntil80PercentOfItsLifetimeThenRequestedAgain() throws Exception {
    TokenRequest r = request(null, 3600, "u1");
    assertThat(token(r)).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(2880));
    assertThat(token(r)).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(token(r)).isEqualTo("token-2");
    assertThat(source.requests).containsExactly("ns/sa", "ns/sa");
  }

  @Test
  void audiencesLifetimeAndPodKeepSeparateTokens() throws Exception {
    assertThat(token(request(null, 3600, "u1"))).isEqualTo("token-1");
    assertThat(token(request("vault", 3600, "u1"))).isEqualTo("token-2");
    assertThat(token(request(null, 7200, "u1"))).isEqualTo("token-3");
    assertThat(token(request(null, 3600, "u2"))).isEqualTo("token-4");
    assertThat(token(request("vault", 3600, "u1"))).isEqualTo("token-2");
    assertThat(manager.token("ns", "other", request(null, 3600, "u1")).getStatus().getToken()).isEqualTo("token-5");
  }

  @Test
  void aFirstFailureIsAFetchErrorWithTheServersMessage() {
    source.failWith.set("serviceaccounts \"x\" not found");
    assertThatThrownBy(() -> token(request(null, 3607, "u1"))).isInstanceOf(TokenException.class)
        .hasMessage("failed to fetch token: serviceaccounts \"x\" not found");
  }

  @Test
  void aFailedRefreshKeepsTheValidTokenButNotAnExpiredOne() throws Exception {
    TokenRequest r = request("api", 600, "u1");
    assertThat(token(r)).isEqualTo("token-1");
    source.failWith.set("connection refused");
    clock.advance(Duration.ofSeconds(590));
    assertThat(token(r)).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> token(r)).hasMessage("token \"sa\"/\"ns\"/[]string{\"api\"}/600/"
        + "v1.BoundObjectReference{Kind:\"Pod\", APIVersion:\"v1\", Name:\"p-u1\", UID:\"u1\"} expired and refresh "
        + "failed: connection refused");
    // The minutely sweep drops it; then there is nothing to refresh, only to fetch.
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> token(r)).hasMessage("failed to fetch token: connection refused");
    source.failWith.set(null);
    assertThat(token(r)).isEqualTo("token-2");
  }

  @Test
  void theCacheKeyNamesNothingSecret() {
    assertThat(TokenManager.Key.of("sa", "ns", request("api", 3607, "u1")).toString()).isEqualTo(
        "\"sa\"/\"ns\"/[]string{\"api\"}/3607/v1.BoundObjectReference{Kind:\"Pod\", APIVersion:\"v1\", "
            + "Name:\"p-u1\", UID:\"u1\"}");
    assertThat(TokenManager.Key.of("sa", "ns", request(null, 3607, "u1")).toString()).contains("/[]string(nil)/");
  }

  @Test
  void theTokensOfADeletedPodAreDropped() throws Exception {
    token(request(null, 3600, "u1"));
    token(request("api", 3600, "u1"));
    token(request(null, 3600, "u2"));
    assertThat(manager.size()).isEqualTo(3);
    manager.forgetPod("u1");
    assertThat(manager.size()).isEqualTo(1);
    assertThat(token(request(null, 3600, "u2"))).isEqualTo("token-3");
    assertThat(token(request(null, 3600, "u1"))).isEqualTo("token-4");
  }

  @Test
  void aStandaloneManagerFailsEveryRequest() {
    assertThatThrownBy(() -> TokenManager.standalone(clock).token("ns", "sa", request(null, 3600, "u1")))
        .hasMessage("failed to fetch token: cannot use TokenManager when kubelet is in standalone mode");
  }
}

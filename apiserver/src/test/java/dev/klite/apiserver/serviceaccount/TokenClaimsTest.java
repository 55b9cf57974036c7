package dev.klite.apiserver.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The claim set of upstream's pkg/serviceaccount/claims.go Claims, table by binding. */
class TokenClaimsTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final TokenClaims.Ref SA = new TokenClaims.Ref("robot", "sa-uid");

  private static JsonObject claims(TokenClaims.Binding binding, long exp, long warnAfter) {
    return TokenClaims.of("https://issuer", "ns", SA, binding, NOW, exp, warnAfter, List.of("a", "b"));
  }

  @Test
  void registeredClaims() {
    JsonObject c = claims(TokenClaims.Binding.NONE, 3600, 0);
    long iat = NOW.getEpochSecond();
    assertThat(c.getString("iss")).isEqualTo("https://issuer");
    assertThat(c.getString("sub")).isEqualTo("system:serviceaccount:ns:robot");
    assertThat(c.getJsonArray("aud").getList()).containsExactly("a", "b");
    assertThat(c.getLong("iat")).isEqualTo(iat);
    assertThat(c.getLong("nbf")).isEqualTo(iat);
    assertThat(c.getLong("exp")).isEqualTo(iat + 3600);
    assertThat(c.getString("jti")).isNotEqualTo(claims(TokenClaims.Binding.NONE, 3600, 0).getString("jti"));
    assertThat(c.getJsonObject("kubernetes.io").encode())
        .isEqualTo("{\"namespace\":\"ns\",\"serviceaccount\":{\"name\":\"robot\",\"uid\":\"sa-uid\"}}");
  }

  @Test
  void privateClaimNamesWhatTheTokenIsBoundTo() {
    TokenClaims.Ref pod = new TokenClaims.Ref("p", "pod-uid");
    TokenClaims.Ref node = new TokenClaims.Ref("n", "node-uid");
    TokenClaims.Ref secret = new TokenClaims.Ref("s", "secret-uid");
    record Case(TokenClaims.Binding binding, String expected) {}
    for (Case c : List.of(
        new Case(new TokenClaims.Binding(pod, null, node),
            "\"pod\":{\"name\":\"p\",\"uid\":\"pod-uid\"},\"node\":{\"name\":\"n\",\"uid\":\"node-uid\"}"),
        new Case(new TokenClaims.Binding(pod, null, new TokenClaims.Ref("gone", "")),
            "\"pod\":{\"name\":\"p\",\"uid\":\"pod-uid\"},\"node\":{\"name\":\"gone\"}"),
        new Case(new TokenClaims.Binding(null, secret, null), "\"secret\":{\"name\":\"s\",\"uid\":\"secret-uid\"}"),
        new Case(new TokenClaims.Binding(null, null, node), "\"node\":{\"name\":\"n\",\"uid\":\"node-uid\"}"))) {
      assertThat(claims(c.binding(), 3600, 0).getJsonObject("kubernetes.io").encode()).isEqualTo(
          "{\"namespace\":\"ns\",\"serviceaccount\":{\"name\":\"robot\",\"uid\":\"sa-uid\"}," + c.expected() + "}");
    }
  }

  @Test
  void anExtendedTokenSaysWhenItsRequestedLifetimeEnds() {
    JsonObject c = claims(new TokenClaims.Binding(new TokenClaims.Ref("p", "u"), null, null), 31536000, 3607);
    assertThat(c.getLong("exp")).isEqualTo(NOW.getEpochSecond() + 31536000);
    assertThat(c.getJsonObject("kubernetes.io").getLong("warnafter")).isEqualTo(NOW.getEpochSecond() + 3607);
  }
}

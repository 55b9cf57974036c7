package dev.klite.apiserver.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;

/**
 * Signs and verifies service-account JWTs (RS256, header {@code kid} of the {@link
 * ServiceAccountKey}) with Vert.x's JWT provider. Verification checks the signature, the issuer,
 * that {@code aud} shares an audience with the API audiences and {@code exp}/{@code nbf}/{@code iat}
 * with a leeway of one minute, as upstream's JWT authenticator (pkg/serviceaccount/jwt.go, go-jose's
 * DefaultLeeway). Both are CPU only and safe on the event loop.
 */
public final class ServiceAccountJwt {
  /** go-jose's jwt.DefaultLeeway, which upstream's validator applies. */
  public static final int LEEWAY_SECONDS = 60;

  private final JWTAuth signer;
  private final JWTAuth verifier;
  private final JWTOptions signOptions = new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true);

  public ServiceAccountJwt(Vertx vertx, ServiceAccountKey key, String issuer, List<String> apiAudiences) {
    PubSecKeyOptions privateKey = new PubSecKeyOptions().setAlgorithm("RS256").setId(key.keyId())
        .setBuffer(key.privatePem());
    PubSecKeyOptions publicKey = new PubSecKeyOptions().setAlgorithm("RS256").setId(key.keyId())
        .setBuffer(key.publicPem());
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(privateKey));
    this.verifier = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(publicKey)
        .setJWTOptions(new JWTOptions().setIssuer(issuer).setAudience(List.copyOf(apiAudiences))
            .setLeeway(LEEWAY_SECONDS)));
  }

  /** A signed token carrying exactly {@code claims} (the caller sets iat, exp and the rest). */
  public String sign(JsonObject claims) {
    return signer.generateToken(claims, signOptions);
  }

  /** The claims of a valid token of this server; a failed future for any other. */
  public Future<JsonObject> verify(String token) {
    return verifier.authenticate(new TokenCredentials(token)).map(user -> user.principal());
  }
}

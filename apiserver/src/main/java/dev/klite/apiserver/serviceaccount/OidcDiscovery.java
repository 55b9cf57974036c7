package dev.klite.apiserver.serviceaccount;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.security.ServiceAccountKey;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service-account issuer discovery (upstream pkg/serviceaccount/openidmetadata.go and
 * pkg/routes/openidmetadata.go): {@code /.well-known/openid-configuration} names the issuer and the
 * JWKS URI, {@code /openid/v1/jwks} serves the signing key. Both sit behind authentication like
 * every other path (upstream's default RBAC would grant them to authenticated users only) and
 * may be cached for an hour.
 */
public final class OidcDiscovery {
  public static final String CONFIGURATION_PATH = "/.well-known/openid-configuration";
  public static final String JWKS_PATH = "/openid/v1/jwks";
  private static final String CACHE_CONTROL = "public, max-age=3600";

  private OidcDiscovery() {}

  /**
   * @param externalBase {@code https://host:port} of this server (known once it listens); the
   *     JWKS URI is that plus {@link #JWKS_PATH}, as upstream derives it from the external address
   */
  public static void mount(Router router, ServiceAccountKey key, ServiceAccountOptions options,
      Supplier<String> externalBase) {
    String jwks = Json.string(jwks(key));
    router.get(CONFIGURATION_PATH).handler(ctx -> write(ctx, "application/json",
        Json.string(configuration(options.issuer(), externalBase.get() + JWKS_PATH))));
    router.get(JWKS_PATH).handler(ctx -> write(ctx, "application/jwk-set+json", jwks));
  }

  static ObjectNode configuration(String issuer, String jwksUri) {
    ObjectNode doc = Json.object();
    doc.put("issuer", issuer);
    doc.put("jwks_uri", jwksUri);
    doc.putArray("response_types_supported").add("id_token");
    doc.putArray("subject_types_supported").add("public");
    doc.putArray("id_token_signing_alg_values_supported").add("RS256");
    return doc;
  }

  static ObjectNode jwks(ServiceAccountKey key) {
    ObjectNode doc = Json.object();
    ArrayNode keys = doc.putArray("keys");
    ObjectNode jwk = keys.addObject();
    jwk.put("use", "sig");
    jwk.put("kty", "RSA");
    jwk.put("kid", key.keyId());
    jwk.put("alg", "RS256");
    jwk.put("n", key.modulusBase64Url());
    jwk.put("e", key.exponentBase64Url());
    return doc;
  }

  private static void write(RoutingContext ctx, String contentType, String body) {
    ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", CACHE_CONTROL).end(body);
  }
}

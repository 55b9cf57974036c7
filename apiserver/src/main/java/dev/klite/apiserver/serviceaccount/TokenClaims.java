package dev.klite.apiserver.serviceaccount;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The claims of a service-account token, as upstream's {@code Claims}
 * (pkg/serviceaccount/claims.go, v1.32, with ServiceAccountTokenJTI, ServiceAccountTokenPodNodeInfo
 * and ServiceAccountTokenNodeBinding on as they are by default): the registered claims iss, sub
 * {@code system:serviceaccount:<ns>:<name>}, aud, exp, iat, nbf, jti and the private
 * {@code kubernetes.io} claim naming the namespace, the ServiceAccount and what the token is bound
 * to. Pure.
 */
public final class TokenClaims {
  /** The private claim's key. */
  public static final String PRIVATE_CLAIM = "kubernetes.io";

  private TokenClaims() {}

  /** A name and uid (uid may be empty: a pod's node that does not exist is named without one). */
  public record Ref(String name, String uid) {
    JsonObject json() {
      JsonObject o = new JsonObject().put("name", name);
      if (uid != null && !uid.isEmpty()) o.put("uid", uid);
      return o;
    }
  }

  /** What a token is bound to: a pod (and the node it runs on), a secret, or a node; all null for none. */
  public record Binding(Ref pod, Ref secret, Ref node) {
    public static final Binding NONE = new Binding(null, null, null);
  }

  /** upstream apiserverserviceaccount.MakeUsername. */
  public static String username(String namespace, String name) {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  /**
   * @param expirationSeconds the token's lifetime (already extended when it is)
   * @param warnAfterSeconds the requested lifetime of an extended token, 0 otherwise
   */
  public static JsonObject of(String issuer, String namespace, Ref serviceAccount, Binding binding, Instant now,
      long expirationSeconds, long warnAfterSeconds, List<String> audiences) {
    long iat = now.getEpochSecond();
    JsonObject kubernetes = new JsonObject().put("namespace", namespace)
        .put("serviceaccount", serviceAccount.json());
    if (binding.pod() != null) kubernetes.put("pod", binding.pod().json());
    if (binding.secret() != null) kubernetes.put("secret", binding.secret().json());
    if (binding.node() != null) kubernetes.put("node", binding.node().json());
    if (warnAfterSeconds != 0) kubernetes.put("warnafter", iat + warnAfterSeconds);
    return new JsonObject()
        .put("aud", new JsonArray(List.copyOf(audiences)))
        .put("exp", iat + expirationSeconds)
        .put("iat", iat)
        .put("iss", issuer)
        .put("jti", UUID.randomUUID().toString())
        .put(PRIVATE_CLAIM, kubernetes)
        .put("nbf", iat)
        .put("sub", username(namespace, serviceAccount.name()));
  }
}

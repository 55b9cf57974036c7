package dev.klite.apiserver.serviceaccount;

import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.security.ServiceAccountJwt;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Accepts the service-account tokens this server signed: the JWT checks of {@link
 * ServiceAccountJwt} (signature, issuer, audience, exp/nbf), then upstream's validator
 * (pkg/serviceaccount/claims.go {@code Validate}): the ServiceAccount still exists with the token's
 * uid, and a bound pod / secret / node still exists with its uid and was not deleted more than the
 * leeway ago. Lookups go through the registry and never block the event loop. Any failure is a
 * failed future (the caller answers 401).
 */
public final class TokenAuthenticator {
  private final ServiceAccountJwt jwt;
  private final BoundObjects objects;
  private final Clock clock;

  public TokenAuthenticator(ServiceAccountJwt jwt, BoundObjects objects, Clock clock) {
    this.jwt = jwt;
    this.objects = objects;
    this.clock = clock;
  }

  /** The user name ({@code system:serviceaccount:<ns>:<name>}) of a valid token. */
  public Future<String> authenticate(String token) {
    return jwt.verify(token).compose(this::validate);
  }

  private Future<String> validate(JsonObject claims) {
    JsonObject kubernetes = claims.getJsonObject(TokenClaims.PRIVATE_CLAIM);
    if (kubernetes == null) return fail("service account token claims could not be retrieved");
    String namespace = kubernetes.getString("namespace", "");
    JsonObject sa = kubernetes.getJsonObject("serviceaccount", new JsonObject());
    JsonObject pod = kubernetes.getJsonObject("pod");
    JsonObject secret = kubernetes.getJsonObject("secret");
    JsonObject node = kubernetes.getJsonObject("node");
    if (namespace.isEmpty() || sa.getString("name", "").isEmpty()) return fail("namespace or service account missing");
    // Objects deleted before now-leeway are gone for good (claims.go invalidIfDeletedBefore).
    Instant deletedBefore = clock.instant().minusSeconds(ServiceAccountJwt.LEEWAY_SECONDS);
    Future<Void> checks = check(objects.serviceAccount(namespace, sa.getString("name")), sa, deletedBefore);
    if (secret != null) {
      checks = checks.compose(v -> check(objects.secret(namespace, secret.getString("name", "")), secret, deletedBefore));
    }
    if (pod != null) {
      checks = checks.compose(v -> check(objects.pod(namespace, pod.getString("name", "")), pod, deletedBefore));
    } else if (node != null) {
      // A pod-bound token only carries its node for information; a node-bound one depends on it.
      checks = checks.compose(v -> check(objects.node(node.getString("name", "")), node, deletedBefore));
    }
    return checks.map(v -> TokenClaims.username(namespace, sa.getString("name")));
  }

  private static Future<Void> check(Future<ObjectNode> lookup, JsonObject ref, Instant deletedBefore) {
    return lookup.compose(object -> {
      ObjectMeta meta = ObjectMeta.of(object);
      if (!meta.uid().equals(ref.getString("uid", ""))) {
        return fail(meta.name() + " uid (" + meta.uid() + ") does not match the claim");
      }
      if (deletedBefore(meta.deletionTimestamp(), deletedBefore)) return fail("token has been invalidated");
      return Future.succeededFuture();
    });
  }

  private static boolean deletedBefore(String deletionTimestamp, Instant limit) {
    if (deletionTimestamp == null || deletionTimestamp.isEmpty()) return false;
    try {
      return Instant.parse(deletionTimestamp).isBefore(limit);
    } catch (DateTimeParseException e) {
      return true;
    }
  }

  private static <T> Future<T> fail(String message) {
    return Future.failedFuture(new IllegalArgumentException(message));
  }
}

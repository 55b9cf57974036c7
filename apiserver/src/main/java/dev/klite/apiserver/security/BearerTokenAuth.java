package dev.klite.apiserver.security;

import dev.klite.apiserver.errors.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import io.vertx.core.Future;

/**
 * Requires {@code Authorization: Bearer <token>} on every path but the health and version probes;
 * otherwise 401 Unauthorized Status. The admin tokens compare in constant time; anything shaped
 * like a JWT goes to the service-account authenticator (when there is one), whose store lookups
 * are asynchronous.
 *
 * <p>klite has no authorization (no RBAC): whoever authenticates, the admin or any
 * service account, may do everything. Service-account tokens are what lets in-cluster clients in
 * pods reach the API server at all.
 */
public final class BearerTokenAuth implements Handler<RoutingContext> {
  private static final Set<String> PUBLIC_PATHS = Set.of("/livez", "/readyz", "/healthz", "/version");

  private static final Set<HttpMethod> BODY_METHODS =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private final List<byte[]> tokens;
  private final Function<String, Future<String>> jwtAuthenticator;

  public BearerTokenAuth(List<String> tokens) {
    this(tokens, null);
  }

  /**
   * @param jwtAuthenticator answers the user name of a valid service-account JWT (a failed future
   *     otherwise); null accepts the admin tokens only
   */
  public BearerTokenAuth(List<String> tokens, Function<String, Future<String>> jwtAuthenticator) {
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.jwtAuthenticator = jwtAuthenticator;
  }

  /** The routing-context key holding the authenticated user name of a service-account request. */
  public static final String USER = "klite.user";

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (PUBLIC_PATHS.contains(path) || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ApiException.unauthorized());
      return;
    }
    String presented = header.substring(7).trim();
    if (valid(presented)) {
      ctx.next();
      return;
    }
    if (jwtAuthenticator == null || !ServiceAccountTokenShape.isJwt(presented)) {
      ctx.fail(ApiException.unauthorized());
      return;
    }
    // The body is read by the BodyHandler after this one, which resumes the request: hold the
    // body until authentication answers (Vert.x drops data that arrives with no handler set).
    if (BODY_METHODS.contains(ctx.request().method())) ctx.request().pause();
    jwtAuthenticator.apply(presented).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(USER, result.result());
        ctx.next();
      } else {
        ctx.fail(ApiException.unauthorized());
        // Let the unread body drain so the connection can be reused.
        ctx.request().resume();
      }
    });
  }

  private boolean valid(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] t : tokens) ok |= MessageDigest.isEqual(t, p);
    return ok;
  }
}

package dev.klite.apiserver.security;

import dev.klite.apiserver.errors.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Requires {@code Authorization: Bearer <token>} on every path but the health and version probes;
 * otherwise 401 Unauthorized Status. The comparison is constant-time.
 */
public final class BearerTokenAuth implements Handler<RoutingContext> {
  private static final Set<String> PUBLIC_PATHS = Set.of("/livez", "/readyz", "/healthz", "/version");

  private final List<byte[]> tokens;

  public BearerTokenAuth(List<String> tokens) {
    this.tokens = tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (PUBLIC_PATHS.contains(path) || path.startsWith("/livez/") || path.startsWith("/readyz/")) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && valid(header.substring(7).trim())) {
      ctx.next();
      return;
    }
    ctx.fail(ApiException.unauthorized());
  }

  private boolean valid(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] t : tokens) ok |= MessageDigest.isEqual(t, p);
    return ok;
  }
}

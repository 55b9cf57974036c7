package dev.klite.apiserver.proxy;

import dev.klite.apiserver.errors.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forwards one request (method, path, query, body, end-to-end headers) to a backend over the
 * non-blocking client and streams the answer back with its status and headers, as upstream's
 * proxy handler does (staging/src/k8s.io/apimachinery/pkg/util/proxy/upgradeaware.go) minus
 * upgrades. Hop-by-hop headers and the caller's credentials stay behind; a backend that cannot be
 * reached is a 503 Status.
 */
final class HttpRelay {
  /** Not forwarded in either direction (RFC 9110 §7.6.1), plus the caller's credentials. */
  private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
      "transfer-encoding", "upgrade", "host", "authorization", "content-length");

  private final HttpClient client;

  HttpRelay(HttpClient client) {
    this.client = client;
  }

  Future<Void> forward(RoutingContext ctx, String host, int port, String path, Map<String, String> extraHeaders) {
    String query = ctx.request().query();
    RequestOptions options = new RequestOptions().setMethod(ctx.request().method()).setHost(host).setPort(port)
        .setURI(query == null || query.isEmpty() ? path : path + "?" + query);
    ctx.request().headers().forEach(h -> {
      if (!DROPPED.contains(h.getKey().toLowerCase())) options.addHeader(h.getKey(), h.getValue());
    });
    extraHeaders.forEach(options::putHeader);
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return client.request(options)
        .compose(req -> body == null || body.length() == 0 ? req.send() : req.send(body))
        .recover(e -> Future.failedFuture(unreachable(host, port, e)))
        .compose(resp -> relay(ctx.response(), resp));
  }

  private static Future<Void> relay(HttpServerResponse out, HttpClientResponse resp) {
    out.setStatusCode(resp.statusCode());
    resp.headers().forEach(h -> {
      if (!DROPPED.contains(h.getKey().toLowerCase())) out.headers().add(h.getKey(), h.getValue());
    });
    out.setChunked(true);
    out.closeHandler(v -> resp.request().connection().close());
    return resp.pipeTo(out);
  }

  /** upstream answers an unreachable backend with 503 and the dial error. */
  private static ApiException unreachable(String host, int port, Throwable e) {
    return new ApiException(503, "ServiceUnavailable", "error trying to reach service: dial tcp " + host + ":" + port
        + ": " + e.getMessage(), null, null, null, List.of());
  }
}

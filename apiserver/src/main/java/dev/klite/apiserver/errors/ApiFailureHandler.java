package dev.klite.apiserver.errors;

import dev.klite.apiserver.object.Json;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place that turns a failure into a {@code metav1.Status} response: an
 * {@link ApiException} as it says, a bare status code (404 unknown path, 413 body too large, 405)
 * as upstream words it, and anything else as 500 InternalError, logged once here.
 */
public final class ApiFailureHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(ApiFailureHandler.class);

  /** The upstream body limit (staging/src/k8s.io/apiserver/pkg/server/config.go MaxRequestBodyBytes). */
  public static final long MAX_BODY_BYTES = 3L * 1024 * 1024;

  @Override
  public void handle(RoutingContext ctx) {
    ApiException e = toApiException(ctx);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Mid-stream (watch, logs): the status line is gone; all we can do is end the stream.
      if (!response.ended()) response.end();
      return;
    }
    response.setStatusCode(e.code());
    response.putHeader("Content-Type", "application/json");
    if (e.retryAfterSeconds() != null) response.putHeader("Retry-After", e.retryAfterSeconds().toString());
    response.end(Json.string(Statuses.failure(e)) + "\n");
  }

  private static ApiException toApiException(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof ApiException e) return e;
    if (t == null || t instanceof io.vertx.ext.web.handler.HttpException) {
      int code = t == null ? ctx.statusCode() : ((io.vertx.ext.web.handler.HttpException) t).getStatusCode();
      return byCode(code, ctx);
    }
    log.error("internal error serving {} {}", ctx.request().method(), ctx.request().uri(), t);
    return ApiException.internal(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }

  /** Status for a bare status code, with upstream's generic wording. */
  public static ApiException byCode(int code, RoutingContext ctx) {
    return switch (code) {
      case 404 -> notFoundPath();
      case 413 -> ApiException.requestEntityTooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
      case 405 -> ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
      case 401 -> ApiException.unauthorized();
      case 400 -> ApiException.badRequest("the server rejected our request for an unknown reason");
      case -1, 500 -> ApiException.internal("an error on the server has prevented the request from succeeding");
      default -> new ApiException(code, "", "the server responded with the status code " + code, null, null, null,
          List.of());
    };
  }

  /** 404 for a path that names no resource (upstream's NotFound without details). */
  public static ApiException notFoundPath() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource", null, null, null,
        List.of());
  }
}

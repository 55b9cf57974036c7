package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.serviceaccount.TokenRequests;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token}: decodes the
 * authentication.k8s.io/v1 TokenRequest and answers 201 with it and its {@code status.token}
 * ({@link TokenRequests} does the work).
 */
final class TokenRequestHandler {
  private final TokenRequests tokens;

  TokenRequestHandler(TokenRequests tokens) {
    this.tokens = tokens;
  }

  Future<?> create(RoutingContext ctx, String namespace, String name) {
    return tokens.create(namespace, name, parse(ctx))
        .onSuccess(out -> Responses.write(ctx, 201, out, List.of()));
  }

  /** The request body, with upstream's decoding errors (a missing body is an empty request). */
  private static ObjectNode parse(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) return Json.object();
    if (ProtobufBodies.isProtobuf(RequestBodies.mediaType(ctx))) {
      return ProtobufBodies.object(body.getBytes(), TokenRequests.API_VERSION, TokenRequests.KIND);
    }
    JsonNode n;
    try {
      n = Json.parse(body.getBytes());
    } catch (tools.jackson.core.JacksonException e) {
      throw cannotHandle(e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) throw cannotHandle("json: cannot unmarshal into Go value of type struct");
    String apiVersion = n.path("apiVersion").asString("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(TokenRequests.API_VERSION)) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion
          + ") does not match the expected API version (" + TokenRequests.API_VERSION + ")");
    }
    String kind = n.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals(TokenRequests.KIND)) {
      throw ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a TokenRequest: no kind \""
          + kind + "\" is registered for version \"" + TokenRequests.API_VERSION + "\"");
    }
    return (ObjectNode) n;
  }

  private static ApiException cannotHandle(String detail) {
    return ApiException.badRequest("TokenRequest in version \"v1\" cannot be handled as a TokenRequest: " + detail);
  }
}

package dev.klite.apiserver.openapi;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /openapi/v2}: the Swagger 2.0 document, as the gnostic protobuf message when the
 * client asks for {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (kubectl up
 * to 1.27 for validation, apply patches and explain) and as JSON otherwise, with an ETag
 * (staging/src/k8s.io/kube-openapi/pkg/handler/handler.go). It is built on a worker thread on
 * first use, so servers that are never asked for it do not pay for it at start-up.
 */
final class OpenApiV2Route {
  /** The response type upstream sends; the {@code @} form kubectl asks with is not a valid MIME type for Go. */
  static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private OpenApiV2Route() {}

  /** Both encodings and their ETag. */
  record Encoded(Buffer json, Buffer protobuf, String etag) {}

  static void mount(Router router, List<ResourceDefinition> defs) {
    List<ResourceDefinition> copy = List.copyOf(defs);
    AtomicReference<Future<Encoded>> built = new AtomicReference<>();
    router.get("/openapi/v2").handler(ctx -> {
      Future<Encoded> f = built.get();
      if (f == null) {
        Future<Encoded> mine = ctx.vertx().executeBlocking(() -> encode(copy), false);
        f = built.compareAndExchange(null, mine);
        if (f == null) f = mine;
      }
      f.onSuccess(e -> respond(ctx, e)).onFailure(ctx::fail);
    });
  }

  private static void respond(RoutingContext ctx, Encoded e) {
    if (e.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).putHeader("ETag", e.etag()).end();
      return;
    }
    String accept = ctx.request().getHeader("Accept");
    boolean proto = accept != null && accept.contains("com.github.proto-openapi.spec.v2");
    ctx.response().putHeader("Content-Type", proto ? PROTOBUF : "application/json").putHeader("ETag", e.etag())
        .end(proto ? e.protobuf() : e.json());
  }

  static Encoded encode(List<ResourceDefinition> defs) {
    ObjectNode doc = document(defs);
    byte[] json = Json.bytes(doc);
    return new Encoded(Buffer.buffer(json), Buffer.buffer(GnosticV2Encoder.encode(doc)),
        "\"" + OpenApiRoutes.hash(json) + "\"");
  }

  /** The Swagger 2.0 document of all served group-versions. */
  static ObjectNode document(List<ResourceDefinition> defs) {
    Map<String, List<ResourceDefinition>> byGv = new LinkedHashMap<>();
    for (ResourceDefinition d : defs) byGv.computeIfAbsent(d.apiVersion(), k -> new ArrayList<>()).add(d);
    List<ObjectNode> v3 = new ArrayList<>();
    byGv.forEach((gv, list) -> v3.add(OpenApiDocument.build(gv, list)));
    return SwaggerV2.from(v3);
  }
}

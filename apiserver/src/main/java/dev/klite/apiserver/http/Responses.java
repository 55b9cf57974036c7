package dev.klite.apiserver.http;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.ListResult;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shapes and writes successful responses in the negotiated form: the object or list as JSON
 * (always with apiVersion and kind), a Table, or PartialObjectMetadata(List).
 */
final class Responses {
  private final Renderers renderers;
  private final Clock clock;

  Responses(Renderers renderers, Clock clock) {
    this.renderers = renderers;
    this.clock = clock;
  }

  /** Writes one object in the negotiated form. */
  void object(RoutingContext ctx, ResourceDefinition def, int status, ObjectNode obj, List<String> warnings) {
    Negotiation form = Negotiation.of(ctx.request().getHeader("Accept"), false);
    ObjectNode body = switch (form) {
      case TABLE -> renderers.table().render(def, List.of(obj), ObjectMeta.of(obj).resourceVersion(), null,
          ctx.request().getParam("includeObject"), clock.instant(), true);
      case PARTIAL_METADATA, PARTIAL_METADATA_LIST -> partial(obj);
      case JSON -> withTypeMeta(def, obj);
    };
    write(ctx, status, body, warnings);
  }

  /**
   * Pages above this many items are shaped and serialised on a worker: a 10,000-item list took
   * seconds of event-loop time (BENCHMARKS.md), which stalls every other request on that loop.
   */
  static final int OFFLOAD_ITEMS = 200;

  /** Writes a list page in the negotiated form. */
  void list(RoutingContext ctx, ResourceDefinition def, ListResult page, List<String> warnings) {
    Negotiation form = Negotiation.of(ctx.request().getHeader("Accept"), true);
    String includeObject = ctx.request().getParam("includeObject");
    if (page.items().size() <= OFFLOAD_ITEMS) {
      write(ctx, 200, listBody(def, page, form, includeObject), warnings);
      return;
    }
    ctx.vertx().executeBlocking(() -> Json.string(listBody(def, page, form, includeObject)) + "\n", false)
        .onSuccess(text -> writeText(ctx, 200, text, warnings))
        .onFailure(ctx::fail);
  }

  private ObjectNode listBody(ResourceDefinition def, ListResult page, Negotiation form, String includeObject) {
    String rv = Long.toString(page.revision());
    ObjectNode body;
    if (form == Negotiation.TABLE) {
      body = renderers.table().render(def, page.items(), rv, page.continueToken().isEmpty() ? null
          : page.continueToken(), includeObject, clock.instant(), true);
      if (page.remainingItemCount() != null) {
        ((ObjectNode) body.get("metadata")).put("remainingItemCount", page.remainingItemCount());
      }
    } else {
      body = Json.object();
      boolean partial = form != Negotiation.JSON;
      body.put("kind", partial ? "PartialObjectMetadataList" : def.kind() + "List");
      body.put("apiVersion", partial ? "meta.k8s.io/v1" : def.apiVersion());
      ObjectNode meta = body.putObject("metadata");
      meta.put("resourceVersion", rv);
      if (!page.continueToken().isEmpty()) meta.put("continue", page.continueToken());
      if (page.remainingItemCount() != null) meta.put("remainingItemCount", page.remainingItemCount());
      ArrayNode items = body.putArray("items");
      for (ObjectNode item : page.items()) items.add(partial ? partial(item) : withTypeMeta(def, item));
    }
    return body;
  }

  static void write(RoutingContext ctx, int status, ObjectNode body, List<String> warnings) {
    writeText(ctx, status, Json.string(body) + "\n", warnings);
  }

  private static void writeText(RoutingContext ctx, int status, String json, List<String> warnings) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(status);
    response.putHeader("Content-Type", "application/json");
    addWarnings(response, warnings);
    response.end(json);
  }

  /** {@code Warning: 299 - "text"} per warning, as upstream's warning recorder writes them. */
  static void addWarnings(HttpServerResponse response, List<String> warnings) {
    for (String w : warnings) {
      response.headers().add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
  }

  /** The object with apiVersion and kind first. */
  static ObjectNode withTypeMeta(ResourceDefinition def, ObjectNode obj) {
    ObjectNode out = Json.object();
    out.put("apiVersion", def.apiVersion());
    out.put("kind", def.kind());
    obj.properties().forEach(e -> {
      if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) out.set(e.getKey(), e.getValue());
    });
    return out;
  }

  /** meta.k8s.io/v1 PartialObjectMetadata of an object. */
  static ObjectNode partial(ObjectNode obj) {
    ObjectNode out = Json.object();
    out.put("kind", "PartialObjectMetadata");
    out.put("apiVersion", "meta.k8s.io/v1");
    out.set("metadata", ObjectMeta.of(obj).copy());
    return out;
  }
}

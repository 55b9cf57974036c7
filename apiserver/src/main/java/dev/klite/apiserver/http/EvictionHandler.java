package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.Statuses;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.DeleteOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST .../pods/{name}/eviction} with a policy/v1 (or v1beta1) Eviction, as upstream's
 * EvictionREST (pkg/registry/core/pod/storage/eviction.go) without PodDisruptionBudgets: klite
 * serves none, so every eviction is allowed and is a delete with the Eviction's deleteOptions.
 * Answers 201 with a Success Status; 404 for a missing pod; 400 when the names differ.
 */
final class EvictionHandler {
  private final Registry registry;
  private final ResourceDefinition pods;

  EvictionHandler(Registry registry, ResourceDefinition pods) {
    this.registry = registry;
    this.pods = pods;
  }

  Future<?> evict(RoutingContext ctx, String namespace, String name) {
    ObjectNode eviction = parse(ctx);
    String evicted = ObjectMeta.of(eviction).name();
    if (!evicted.isEmpty() && !evicted.equals(name)) {
      throw ApiException.badRequest("name in URL does not match name in Eviction object");
    }
    JsonNode options = eviction.path("deleteOptions");
    Long grace = options.path("gracePeriodSeconds").isIntegralNumber() ? options.get("gracePeriodSeconds").longValue()
        : null;
    String policy = options.path("propagationPolicy").isString() ? options.get("propagationPolicy").stringValue()
        : null;
    JsonNode pre = options.path("preconditions");
    String uid = pre.path("uid").isString() ? pre.get("uid").stringValue() : null;
    String rv = pre.path("resourceVersion").isString() ? pre.get("resourceVersion").stringValue() : null;
    boolean dryRun = RequestBodies.dryRun(ctx);
    for (JsonNode d : options.path("dryRun")) dryRun |= "All".equals(d.asString(""));
    DeleteOptions delete = new DeleteOptions(grace, policy, null, uid, rv, dryRun);
    return registry.delete(pods, namespace, name, delete)
        .onSuccess(r -> Responses.write(ctx, 201, Statuses.success(201), List.of()));
  }

  private static ObjectNode parse(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    JsonNode n;
    try {
      n = body == null || body.length() == 0 ? null : Json.parse(body.getBytes());
    } catch (tools.jackson.core.JacksonException e) {
      throw ApiException.badRequest("Eviction in version \"v1\" cannot be handled as a Eviction: "
          + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("Eviction in version \"v1\" cannot be handled as a Eviction: "
          + "Object 'Kind' is missing in ''");
    }
    String kind = n.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals("Eviction")) {
      throw ApiException.badRequest(kind + " in version \"v1\" cannot be handled as a Eviction: no kind \"" + kind
          + "\" is registered for version \"policy/v1\"");
    }
    return (ObjectNode) n;
  }
}

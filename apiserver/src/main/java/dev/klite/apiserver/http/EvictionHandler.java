package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.Statuses;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.DeleteOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.registry.Updater;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST .../pods/{name}/eviction} with a policy/v1 (or v1beta1) Eviction, as upstream's
 * EvictionREST (pkg/registry/core/pod/storage/eviction.go) without PodDisruptionBudgets: klite
 * serves none, so every eviction is allowed and is a delete with the Eviction's deleteOptions.
 * As upstream's {@code addConditionAndDeletePod}, the pod first gets the condition
 * DisruptionTarget=True (reason EvictionByEvictionAPI) through a status write, so a Job's
 * podFailurePolicy can tell the disruption from a failure; a resourceVersion precondition then
 * applies to the pod as that write left it. Answers 201 with a Success Status; 404 for a missing
 * pod; 400 when the names differ.
 */
final class EvictionHandler {
  private static final String DISRUPTION_TARGET = "DisruptionTarget";
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
    if (dryRun) {
      return registry.delete(pods, namespace, name, new DeleteOptions(grace, policy, null, uid, rv, true))
          .onSuccess(r -> Responses.write(ctx, 201, Statuses.success(201), List.of()));
    }
    return registry.guaranteedUpdate(pods, namespace, name, Updater.Mode.STATUS, false,
            pod -> withDisruptionTarget(pod, name, uid, rv))
        .compose(updated -> {
          String newRv = rv == null ? null : ObjectMeta.of(updated.object()).resourceVersion();
          return registry.delete(pods, namespace, name, new DeleteOptions(grace, policy, null, uid, newRv, false));
        })
        .onSuccess(r -> Responses.write(ctx, 201, Statuses.success(201), List.of()));
  }

  /** Checks the Eviction's preconditions against the latest pod, then sets the condition (upstream {@code podutil.UpdatePodCondition}). */
  private ObjectNode withDisruptionTarget(ObjectNode pod, String name, String uid, String rv) {
    ObjectMeta meta = ObjectMeta.of(pod);
    if (uid != null && !uid.isEmpty() && !uid.equals(meta.uid())) {
      throw ApiException.conflict("", "Pod", name, "Precondition failed: UID in precondition: " + uid
          + ", UID in object meta: " + meta.uid());
    }
    if (rv != null && !rv.isEmpty() && !rv.equals(meta.resourceVersion())) {
      throw ApiException.conflict("", "Pod", name, "Precondition failed: ResourceVersion in precondition: " + rv
          + ", ResourceVersion in object meta: " + meta.resourceVersion());
    }
    ArrayNode conditions = Fields.ensureArray(pod, "status.conditions");
    ObjectNode condition = null;
    for (JsonNode c : conditions) {
      if (DISRUPTION_TARGET.equals(c.path("type").asString(""))) {
        condition = (ObjectNode) c;
      }
    }
    if (condition == null) {
      condition = conditions.addObject();
      condition.put("type", DISRUPTION_TARGET);
    }
    if (!"True".equals(condition.path("status").asString("")) || !condition.has("lastTransitionTime")) {
      condition.put("lastTransitionTime", ObjectMeta.timestamp(registry.clock().instant()));
    }
    condition.put("status", "True");
    condition.put("reason", "EvictionByEvictionAPI");
    condition.put("message", "Eviction API: evicting");
    return pod;
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

package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.errors.Statuses;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.object.ObjectMeta;
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
 * {@code POST .../pods/{name}/binding} and {@code POST .../namespaces/{ns}/bindings}: assigns a
 * pod to a node as upstream's BindingREST (pkg/registry/core/pod/storage/storage.go assignPod):
 * sets {@code spec.nodeName} when empty, adds the PodScheduled condition, answers 201 with a
 * Success Status; 409 when the pod is already assigned or being deleted.
 */
final class BindingHandler {
  private final Registry registry;
  private final ResourceDefinition pods;

  BindingHandler(Registry registry, ResourceDefinition pods) {
    this.registry = registry;
    this.pods = pods;
  }

  /** @param podName the pod from the URL, or "" to take it from the Binding's metadata.name */
  Future<?> bind(RoutingContext ctx, String namespace, String podName) {
    ObjectNode binding = parse(ctx);
    String name = podName.isEmpty() ? ObjectMeta.of(binding).name() : podName;
    String target = Fields.string(binding, "target.name", "");
    String targetKind = Fields.string(binding, "target.kind", "");
    if (name.isEmpty()) {
      throw ApiException.invalid("", "Binding", "", List.of(new StatusCause("FieldValueRequired",
          "Required value: name or generateName is required", "metadata.name")));
    }
    if (target.isEmpty()) {
      throw ApiException.invalid("", "Binding", name, List.of(StatusCause.required("target.name")));
    }
    if (!targetKind.isEmpty() && !targetKind.equals("Node")) {
      throw ApiException.invalid("", "Binding", name, List.of(StatusCause.invalid("target.kind", targetKind,
          "must be empty or 'Node'")));
    }
    boolean dryRun = RequestBodies.dryRun(ctx);
    return registry.guaranteedUpdate(pods, namespace, name, Updater.Mode.SYSTEM, dryRun, pod -> {
      if (ObjectMeta.of(pod).isBeingDeleted()) {
        throw ApiException.conflict("", "pods/binding", name, "pod " + name
            + " is being deleted, cannot be assigned to a host");
      }
      String node = Fields.string(pod, "spec.nodeName", "");
      if (!node.isEmpty()) {
        throw ApiException.conflict("", "pods/binding", name, "pod " + name + " is already assigned to node \""
            + node + "\"");
      }
      Fields.set(pod, "spec.nodeName", target);
      scheduledCondition(pod);
      return pod;
    }).onSuccess(r -> Responses.write(ctx, 201, Statuses.success(201), List.of()));
  }

  private static void scheduledCondition(ObjectNode pod) {
    ArrayNode conditions = Fields.ensureArray(pod, "status.conditions");
    for (JsonNode c : conditions) {
      if ("PodScheduled".equals(c.path("type").asString(""))) {
        ((ObjectNode) c).put("status", "True");
        return;
      }
    }
    ObjectNode c = conditions.addObject();
    c.put("type", "PodScheduled");
    c.put("status", "True");
    c.putNull("lastProbeTime");
    c.put("lastTransitionTime", ObjectMeta.timestamp(java.time.Instant.now()));
  }

  private static ObjectNode parse(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    try {
      JsonNode n = body == null || body.length() == 0 ? null : Json.parse(body.getBytes());
      if (n != null && n.isObject()) return (ObjectNode) n;
    } catch (tools.jackson.core.JacksonException e) {
      throw ApiException.badRequest("Binding in version \"v1\" cannot be handled as a Binding: "
          + e.getOriginalMessage());
    }
    throw ApiException.badRequest("Binding in version \"v1\" cannot be handled as a Binding: Object 'Kind' is missing in ''");
  }
}

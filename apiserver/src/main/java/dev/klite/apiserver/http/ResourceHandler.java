package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.ApiFailureHandler;
import dev.klite.apiserver.fieldmanager.FieldManager;
import dev.klite.apiserver.patch.Patcher;
import dev.klite.apiserver.metrics.ApiMetrics;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.DeleteOptions;
import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.registry.Result;
import dev.klite.apiserver.registry.Updater;
import dev.klite.apiserver.resources.core.NamespaceStrategy;
import dev.klite.apiserver.errors.StatusCause;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves every resource URL: resolves the {@link RequestInfo} to a {@link ResourceDefinition} and
 * the HTTP method to a verb, and calls the {@link Registry}. One small method per verb; failures
 * go to the failure handler through {@code ctx.fail}.
 */
final class ResourceHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(ResourceHandler.class);

  private static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final Registry registry;
  private final Map<String, ResourceDefinition> byPath = new HashMap<>();
  private final Responses responses;
  private final Renderers renderers;
  private final WatchHandler watches;
  private final Map<String, SubresourceHandler> subresources;
  private final FieldManager fieldManager;

  /** A handler of a connect-like subresource (log, binding). */
  @FunctionalInterface
  interface SubresourceHandler {
    Future<?> handle(RoutingContext ctx, ResourceDefinition def, RequestInfo info);
  }

  ResourceHandler(Registry registry, List<ResourceDefinition> defs, Responses responses, Renderers renderers,
      WatchHandler watches, Map<String, SubresourceHandler> subresources) {
    this.registry = registry;
    this.responses = responses;
    this.renderers = renderers;
    this.watches = watches;
    this.subresources = Map.copyOf(subresources);
    this.fieldManager = new FieldManager(registry.clock());
    for (ResourceDefinition d : defs) byPath.put(d.group() + "/" + d.version() + "/" + d.plural(), d);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<RequestInfo> parsed = RequestInfo.parse(ctx.normalizedPath());
    if (parsed.isEmpty()) {
      ctx.next();
      return;
    }
    RequestInfo info = parsed.get();
    ResourceDefinition def = byPath.get(info.group() + "/" + info.version() + "/" + info.resource());
    if (def == null) {
      ctx.next();
      return;
    }
    ctx.put(ApiMetrics.RESOURCE, def.plural());
    Future<?> done;
    try {
      done = dispatch(ctx, def, info);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onFailure(err -> {
      if (!ctx.failed()) ctx.fail(err);
    });
  }

  private Future<?> dispatch(RoutingContext ctx, ResourceDefinition def, RequestInfo info) {
    HttpMethod method = ctx.request().method();
    if (def.namespaced() && info.namespace().isEmpty() && !info.isCollection()) throw ApiFailureHandler.notFoundPath();
    if (!def.namespaced() && !info.namespace().isEmpty() && !def.plural().equals("namespaces")) {
      throw ApiFailureHandler.notFoundPath();
    }
    String ns = def.namespaced() ? info.namespace() : "";
    if (!info.subresource().isEmpty()) return subresource(ctx, def, info, ns, method);
    if (info.isCollection()) {
      if (method == HttpMethod.GET) {
        ListOptions options = Queries.listOptions(ctx.queryParams(), def);
        if (Queries.isWatch(ctx.queryParams())) {
          verb(ctx, "WATCH");
          return watches.watch(ctx, def, ns, options);
        }
        verb(ctx, "LIST");
        return registry.list(def, ns, options).onSuccess(page -> responses.list(ctx, def, page, List.of()));
      }
      if (method == HttpMethod.POST) {
        verb(ctx, "POST");
        if (def.namespaced() && ns.isEmpty()) throw ApiFailureHandler.notFoundPath();
        boolean dryRun = RequestBodies.dryRun(ctx);
        ObjectNode body = fieldManager.create(def, RequestBodies.object(ctx, def), FieldManagers.name(ctx, false));
        return registry.create(def, ns, body, dryRun).onSuccess(r -> reply(ctx, def, r));
      }
      if (method == HttpMethod.DELETE) {
        verb(ctx, "DELETECOLLECTION");
        ListOptions options = Queries.listOptions(ctx.queryParams(), def);
        DeleteOptions delete = RequestBodies.deleteOptions(ctx);
        return registry.deleteCollection(def, ns, options, delete).onSuccess(page ->
            responses.list(ctx, def, page, registry.deleteCollectionWarnings(def, delete)));
      }
      throw methodNotAllowed(method);
    }
    return single(ctx, def, info, ns, method, false);
  }

  private Future<?> single(RoutingContext ctx, ResourceDefinition def, RequestInfo info, String ns,
      HttpMethod method, boolean status) {
    String name = info.name();
    if (method == HttpMethod.GET) {
      verb(ctx, "GET");
      return registry.get(def, ns, name).onSuccess(obj -> responses.object(ctx, def, 200, obj, List.of()));
    }
    if (method == HttpMethod.PUT) {
      verb(ctx, "PUT");
      boolean dryRun = RequestBodies.dryRun(ctx);
      String manager = FieldManagers.name(ctx, false);
      String sub = status ? "status" : "";
      return registry.update(def, ns, name, RequestBodies.object(ctx, def), status, dryRun,
          (current, proposed) -> fieldManager.update(def, current, proposed, manager, sub))
          .onSuccess(r -> reply(ctx, def, r));
    }
    if (method == HttpMethod.PATCH) return patch(ctx, def, ns, name, status);
    if (method == HttpMethod.DELETE && !status) {
      verb(ctx, "DELETE");
      return registry.delete(def, ns, name, RequestBodies.deleteOptions(ctx)).onSuccess(r -> reply(ctx, def, r));
    }
    throw methodNotAllowed(method);
  }

  private Future<?> subresource(RoutingContext ctx, ResourceDefinition def, RequestInfo info, String ns,
      HttpMethod method) {
    String sub = info.subresource();
    if (!def.subresources().contains(sub)) throw ApiFailureHandler.notFoundPath();
    ctx.put(ApiMetrics.RESOURCE, def.plural() + "/" + sub);
    if (sub.equals("status")) return single(ctx, def, info, ns, method, true);
    if (sub.equals("finalize") && method == HttpMethod.PUT) return finalize(ctx, def, info);
    SubresourceHandler handler = subresources.get(def.plural() + "/" + sub);
    if (handler == null) throw ApiFailureHandler.notFoundPath();
    verb(ctx, method == HttpMethod.GET ? "GET" : method.name().toUpperCase(Locale.ROOT));
    return handler.handle(ctx, def, info);
  }

  /**
   * PATCH (handlers/patch.go): the four patch types; apply goes through the field manager's
   * Apply (conflicts, pruning) and creates a missing object; the others record an Update.
   */
  private Future<?> patch(RoutingContext ctx, ResourceDefinition def, String ns, String name, boolean status) {
    String contentType = RequestBodies.mediaType(ctx);
    boolean apply = contentType.equals(APPLY_PATCH);
    verb(ctx, apply ? "APPLY" : "PATCH");
    boolean dryRun = RequestBodies.dryRun(ctx);
    String manager = FieldManagers.name(ctx, apply);
    boolean force = FieldManagers.force(ctx, apply);
    String sub = status ? "status" : "";
    byte[] body = RequestBodies.raw(ctx);
    Updater.Mode mode = status ? Updater.Mode.STATUS : Updater.Mode.MAIN;
    if (!apply) {
      return registry.guaranteedUpdate(def, ns, name, mode, dryRun, current -> fieldManager.update(def, current,
          RequestBodies.checkPatched(ctx, def, renderers.patch().apply(current, body, contentType, def)), manager, sub))
          .onSuccess(r -> reply(ctx, def, r));
    }
    RequestBodies.fieldValidation(ctx);
    ObjectNode config = Patcher.parseApplied(body);
    Future<Result> applied = registry.guaranteedUpdate(def, ns, name, mode, dryRun,
        current -> fieldManager.apply(def, current, config, manager, force, sub));
    if (!status) {
      // Server-side apply creates what does not exist (handlers/patch.go applyPatcher).
      applied = applied.recover(err -> err instanceof ApiException e && e.code() == 404
          ? registry.create(def, ns, fieldManager.apply(def, null, named(config, name), manager, force, sub), dryRun)
          : Future.failedFuture(err));
    }
    return applied.onSuccess(r -> reply(ctx, def, r));
  }

  /**
   * PUT namespaces/{name}/finalize: only spec.finalizers changes (upstream FinalizeREST,
   * pkg/registry/core/namespace/storage/storage.go), honouring a body resourceVersion.
   */
  private Future<?> finalize(RoutingContext ctx, ResourceDefinition def, RequestInfo info) {
    verb(ctx, "PUT");
    ObjectNode body = RequestBodies.object(ctx, def);
    String rv = ObjectMeta.of(body).resourceVersion();
    boolean dryRun = RequestBodies.dryRun(ctx);
    return registry.guaranteedUpdate(def, "", info.name(), Updater.Mode.SYSTEM, dryRun, current -> {
      if (def.strategy() instanceof NamespaceStrategy namespaces) {
        ObjectNode proposed = body.deepCopy();
        ObjectMeta.of(proposed).setName(info.name());
        namespaces.prepareForFinalize(proposed, current);
        List<StatusCause> causes = namespaces.validateFinalize(proposed, current);
        if (!causes.isEmpty()) throw ApiException.invalid(def.group(), def.kind(), info.name(), causes);
        return proposed;
      }
      if (!rv.isEmpty()) ObjectMeta.of(current).node().put("resourceVersion", rv);
      Fields.copy(body, current, "spec.finalizers");
      return current;
    }).onSuccess(r -> reply(ctx, def, r));
  }

  /** The object a server-side apply creates, named by the URL when the configuration does not say. */
  private static ObjectNode named(ObjectNode applied, String name) {
    ObjectNode configuration = applied.deepCopy();
    ObjectMeta meta = ObjectMeta.of(configuration);
    if (meta.name().isEmpty()) meta.setName(name);
    if (!meta.name().equals(name)) {
      throw ApiException.badRequest("the name of the object (" + meta.name()
          + ") does not match the name on the URL (" + name + ")");
    }
    return configuration;
  }

  private void reply(RoutingContext ctx, ResourceDefinition def, Result r) {
    List<String> warnings = new java.util.ArrayList<>(RequestBodies.fieldWarnings(ctx));
    warnings.addAll(r.warnings());
    responses.object(ctx, def, r.status(), r.object(), warnings);
    log.debug("{} {} {}/{} -> {}", ctx.request().method(), def.plural(), r.object().path("metadata")
        .path("namespace").asString(""), r.object().path("metadata").path("name").asString(""), r.status());
  }

  private static void verb(RoutingContext ctx, String verb) {
    ctx.put(ApiMetrics.VERB, verb);
  }

  private static ApiException methodNotAllowed(HttpMethod method) {
    return ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
  }
}

package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiFailureHandler;
import dev.klite.apiserver.logs.PodExecProxy;
import dev.klite.apiserver.logs.PodLogProxy;
import dev.klite.apiserver.metrics.ApiMetrics;
import dev.klite.apiserver.proxy.ProxyRoutes;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.metrics.MetricsV1beta1Resources;
import dev.klite.apiserver.security.BearerTokenAuth;
import dev.klite.apiserver.serviceaccount.TokenAuthenticator;
import dev.klite.apiserver.serviceaccount.TokenRequests;
import dev.klite.apiserver.watch.WatchSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Builds the one {@link Router} of the API server, in order: metrics, health probes, bearer
 * authentication, /metrics, body limit (3 MiB, 413), the caller's extra routes (discovery,
 * OpenAPI), bindings, every resource URL, a 404 Status for anything else, and the single failure
 * handler.
 */
public final class ApiRouter {
  private ApiRouter() {}

  /** What the router needs. */
  public record Setup(Vertx vertx, Registry registry, List<ResourceDefinition> definitions, Renderers renderers,
      List<String> tokens, String kubeletToken, HttpClient kubeletClient, ApiMetrics metrics,
      WatchSettings watchSettings, Clock clock, Consumer<Router> extraRoutes, BooleanSupplier ready,
      ServiceAccountServices serviceAccounts) {

    /** As before service accounts: admin tokens only, no TokenRequest. */
    public Setup(Vertx vertx, Registry registry, List<ResourceDefinition> definitions, Renderers renderers,
        List<String> tokens, String kubeletToken, HttpClient kubeletClient, ApiMetrics metrics,
        WatchSettings watchSettings, Clock clock, Consumer<Router> extraRoutes, BooleanSupplier ready) {
      this(vertx, registry, definitions, renderers, tokens, kubeletToken, kubeletClient, metrics, watchSettings, clock,
          extraRoutes, ready, null);
    }
  }

  /** The service-account token issuer and authenticator; null serves neither. */
  public record ServiceAccountServices(TokenRequests tokenRequests, TokenAuthenticator authenticator) {}

  public static Router create(Setup s) {
    Router router = Router.router(s.vertx());
    router.route().handler(s.metrics().recorder());
    for (String probe : List.of("/livez", "/healthz")) {
      router.get(probe).handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
          .end("ok"));
    }
    // Not ready until whoever embeds the server says so (klite writes the kubeconfig and starts
    // its controllers and kubelet first), as upstream's readyz waits for its post-start hooks.
    router.get("/readyz").handler(ctx -> {
      boolean ready = s.ready().getAsBoolean();
      ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "text/plain; charset=utf-8")
          .end(ready ? "ok" : "[-]poststarthook/klite-components-ready failed: not finished\nreadyz check failed\n");
    });
    ServiceAccountServices sa = s.serviceAccounts();
    router.route().handler(new BearerTokenAuth(s.tokens(), sa == null ? null : sa.authenticator()::authenticate));
    router.get("/metrics").handler(s.metrics().scrape());
    BodyHandler body = BodyHandler.create(false).setBodyLimit(ApiFailureHandler.MAX_BODY_BYTES);
    for (HttpMethod m : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
      router.route().method(m).handler(body);
    }
    s.extraRoutes().accept(router);

    Responses responses = new Responses(s.renderers(), s.clock());
    WatchHandler watches = new WatchHandler(s.registry(), s.renderers(), s.watchSettings(), s.clock(), s.metrics());
    Map<String, ResourceHandler.SubresourceHandler> subresources = new HashMap<>();
    Optional<ResourceDefinition> pods = find(s.definitions(), "pods");
    Optional<ResourceDefinition> nodes = find(s.definitions(), "nodes");
    if (pods.isPresent()) {
      BindingHandler binding = new BindingHandler(s.registry(), pods.get());
      subresources.put("pods/binding", (ctx, def, info) -> {
        if (ctx.request().method() != HttpMethod.POST) throw ApiFailureHandler.notFoundPath();
        return binding.bind(ctx, info.namespace(), info.name());
      });
      EvictionHandler eviction = new EvictionHandler(s.registry(), pods.get());
      subresources.put("pods/eviction", (ctx, def, info) -> {
        if (ctx.request().method() != HttpMethod.POST) throw ApiFailureHandler.notFoundPath();
        return eviction.evict(ctx, info.namespace(), info.name());
      });
      router.post("/api/v1/namespaces/:namespace/bindings").handler(ctx ->
          binding.bind(ctx, ctx.pathParam("namespace"), "").onFailure(ctx::fail));
      if (nodes.isPresent()) {
        PodLogProxy logs = new PodLogProxy(s.registry(), nodes.get(), s.kubeletClient(), s.kubeletToken());
        subresources.put("pods/log", (ctx, def, info) -> {
          if (ctx.request().method() != HttpMethod.GET) throw ApiFailureHandler.notFoundPath();
          return logs.handle(ctx, def, info.namespace(), info.name());
        });
        PodExecProxy exec = new PodExecProxy(s.registry(), nodes.get(), s.vertx().createWebSocketClient(),
            s.kubeletClient(), s.kubeletToken());
        subresources.put("pods/exec", (ctx, def, info) -> exec.handle(ctx, def, info.namespace(), info.name()));
        PodExecProxy attach = PodExecProxy.attach(s.registry(), nodes.get(), s.vertx().createWebSocketClient(),
            s.kubeletClient(), s.kubeletToken());
        subresources.put("pods/attach", (ctx, def, info) -> attach.handle(ctx, def, info.namespace(), info.name()));
        ProxyRoutes.mount(router, s.registry(), pods.get(), nodes.get(), s.kubeletClient(), s.kubeletToken());
      }
    }
    if (sa != null) {
      TokenRequestHandler tokenRequests = new TokenRequestHandler(sa.tokenRequests());
      subresources.put("serviceaccounts/token", (ctx, def, info) -> {
        if (ctx.request().method() != HttpMethod.POST) throw ApiFailureHandler.notFoundPath();
        return tokenRequests.create(ctx, info.namespace(), info.name());
      });
    }
    // Create-only and never stored, so not the generic resource handler.
    s.definitions().stream().filter(SelfSubjectAccessReviewHandler::serves).findFirst().ifPresent(d ->
        router.route(SelfSubjectAccessReviewHandler.PATH).handler(new SelfSubjectAccessReviewHandler(d)));
    List<ResourceDefinition> metricsDefs = s.definitions().stream().filter(MetricsV1beta1Resources::isMetrics).toList();
    if (!metricsDefs.isEmpty() && pods.isPresent() && nodes.isPresent()) {
      router.route().pathRegex("^/apis/metrics\\.k8s\\.io/.+").handler(new ResourceMetricsHandler(s.registry(),
          pods.get(), nodes.get(), metricsDefs, s.kubeletClient(), s.kubeletToken(), responses, s.renderers(),
          s.clock()));
    }
    router.route().pathRegex("^/apis?/.+").handler(new ResourceHandler(s.registry(), s.definitions(), responses,
        s.renderers(), watches, subresources));
    router.route().handler(ctx -> ctx.fail(ApiFailureHandler.notFoundPath()));
    router.route().failureHandler(new ApiFailureHandler());
    return router;
  }

  /**
   * The WebSocket subprotocols for the server options: exec's (remotecommand, newest first), then
   * the log reader's (wsstream binary and base64).
   */
  public static final List<String> EXEC_SUBPROTOCOLS = java.util.stream.Stream.concat(java.util.stream.Stream.of("v5.channel.k8s.io",
      "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io", "base64.channel.k8s.io"),
      PodLogProxy.webSocketProtocols().stream()).toList();

  private static Optional<ResourceDefinition> find(List<ResourceDefinition> defs, String plural) {
    return defs.stream().filter(d -> d.group().isEmpty() && d.plural().equals(plural)).findFirst();
  }
}

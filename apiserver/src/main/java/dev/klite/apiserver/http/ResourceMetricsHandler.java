package dev.klite.apiserver.http;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.errors.ApiFailureHandler;
import dev.klite.apiserver.logs.PodLogProxy;
import dev.klite.apiserver.metrics.ApiMetrics;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ListOptions;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.metrics.MetricsV1beta1Resources;
import dev.klite.apiserver.resources.metrics.SummaryMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves metrics.k8s.io/v1beta1 in place of metrics-server: {@code pods} (namespaced or across
 * namespaces, label and field selectors) and {@code nodes} (label selector), get and list only
 * (pkg/api/pod.go, pkg/api/node.go). Each request lists the pods or nodes from the registry and
 * reads {@code /stats/summary} from each node's kubelet, found through the Node's
 * {@code daemonEndpoints} as pods/log finds it; only Running pods have metrics, and a kubelet that
 * does not answer leaves its pods and node out, as metrics-server drops a failed scrape.
 */
final class ResourceMetricsHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(ResourceMetricsHandler.class);

  /**
   * The span the kubelet's CPU rates cover: kubelet-lite samples every 10 s by default
   * (KubeletConfig statsInterval) and the Summary API does not carry the interval, as older
   * metrics-server releases reported their fixed resolution as the window.
   */
  static final Duration KUBELET_SAMPLING_WINDOW = Duration.ofSeconds(10);
  private static final long SCRAPE_TIMEOUT_MILLIS = 10_000;

  private final Registry registry;
  private final ResourceDefinition pods;
  private final ResourceDefinition nodes;
  private final ResourceDefinition podMetrics;
  private final ResourceDefinition nodeMetrics;
  private final HttpClient client;
  private final String kubeletToken;
  private final Responses responses;
  private final Renderers renderers;
  private final Clock clock;

  ResourceMetricsHandler(Registry registry, ResourceDefinition pods, ResourceDefinition nodes,
      List<ResourceDefinition> metricsDefinitions, HttpClient client, String kubeletToken, Responses responses,
      Renderers renderers, Clock clock) {
    this.registry = registry;
    this.pods = pods;
    this.nodes = nodes;
    this.podMetrics = find(metricsDefinitions, "pods");
    this.nodeMetrics = find(metricsDefinitions, "nodes");
    this.client = client;
    this.kubeletToken = kubeletToken;
    this.responses = responses;
    this.renderers = renderers;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<RequestInfo> parsed = RequestInfo.parse(ctx.normalizedPath());
    if (parsed.isEmpty() || !parsed.get().group().equals(MetricsV1beta1Resources.GROUP)
        || !parsed.get().version().equals(MetricsV1beta1Resources.VERSION)) {
      ctx.next();
      return;
    }
    Future<?> done;
    try {
      done = dispatch(ctx, parsed.get());
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onFailure(err -> {
      if (!ctx.failed()) ctx.fail(err);
    });
  }

  private Future<?> dispatch(RoutingContext ctx, RequestInfo info) {
    boolean podsResource = info.resource().equals("pods");
    if (!podsResource && !info.resource().equals("nodes") || !info.subresource().isEmpty()) {
      throw ApiFailureHandler.notFoundPath();
    }
    if (!podsResource && !info.namespace().isEmpty()) throw ApiFailureHandler.notFoundPath();
    if (podsResource && info.namespace().isEmpty() && !info.isCollection()) throw ApiFailureHandler.notFoundPath();
    ResourceDefinition def = podsResource ? podMetrics : nodeMetrics;
    ctx.put(ApiMetrics.RESOURCE, def.plural());
    if (ctx.request().method() != HttpMethod.GET || Queries.isWatch(ctx.queryParams())) {
      throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
    }
    Instant now = clock.instant();
    if (info.isCollection()) {
      ListOptions options = Queries.listOptions(ctx.queryParams(), podsResource ? pods : nodes);
      Future<List<ObjectNode>> items = podsResource ? listPods(info.namespace(), options, now)
          : listNodes(options, now);
      return items.onSuccess(list -> writeList(ctx, def, list, now));
    }
    Future<ObjectNode> item = podsResource ? getPod(info.namespace(), info.name(), now) : getNode(info.name(), now);
    return item.onSuccess(obj -> responses.object(ctx, def, 200, obj, List.of()));
  }

  private Future<List<ObjectNode>> listPods(String namespace, ListOptions options, Instant now) {
    return registry.list(pods, namespace, options).compose(page -> {
      Map<String, List<ObjectNode>> byNode = new LinkedHashMap<>();
      for (ObjectNode pod : page.items()) {
        String node = Fields.string(pod, "spec.nodeName", "");
        if (isRunning(pod) && !node.isEmpty()) byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
      }
      Map<String, Future<Optional<ObjectNode>>> summaries = new LinkedHashMap<>();
      byNode.keySet().forEach(n -> summaries.put(n, summaryOfNode(n)));
      return Future.join(new ArrayList<>(summaries.values())).transform(ignored -> {
        List<ObjectNode> out = new ArrayList<>();
        // Registry order is namespace then name, the order metrics-server keeps (pkg/api/pod.go List).
        for (ObjectNode pod : page.items()) {
          Future<Optional<ObjectNode>> summary = summaries.get(Fields.string(pod, "spec.nodeName", ""));
          if (summary == null || summary.result() == null || summary.result().isEmpty()) continue;
          SummaryMetrics.podMetrics(summary.result().get(), pod, KUBELET_SAMPLING_WINDOW, now).ifPresent(out::add);
        }
        return Future.succeededFuture(out);
      });
    });
  }

  private Future<ObjectNode> getPod(String namespace, String name, Instant now) {
    // A missing pod is the pod lister's NotFound, which names the singular "pod" (pkg/api/pod.go Get).
    return registry.get(pods, namespace, name).recover(err -> Future.failedFuture(
        err instanceof ApiException e && e.code() == 404 ? ApiException.notFound("", "pod", name) : err))
        .compose(pod -> {
          String node = Fields.string(pod, "spec.nodeName", "");
          if (!isRunning(pod) || node.isEmpty()) return Future.succeededFuture(Optional.<ObjectNode>empty());
          return summaryOfNode(node).map(s -> s.flatMap(summary ->
              SummaryMetrics.podMetrics(summary, pod, KUBELET_SAMPLING_WINDOW, now)));
        }).compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            ApiException.notFound(MetricsV1beta1Resources.GROUP, "podmetrics", namespace + "/" + name))));
  }

  private Future<List<ObjectNode>> listNodes(ListOptions options, Instant now) {
    return registry.list(nodes, "", options).compose(page -> {
      List<Future<Optional<ObjectNode>>> metrics = new ArrayList<>();
      for (ObjectNode node : page.items()) metrics.add(nodeMetricsOf(node, now));
      return Future.join(metrics).transform(ignored -> {
        List<ObjectNode> out = new ArrayList<>();
        for (Future<Optional<ObjectNode>> m : metrics) {
          if (m.succeeded()) m.result().ifPresent(out::add);
        }
        return Future.succeededFuture(out);
      });
    });
  }

  private Future<ObjectNode> getNode(String name, Instant now) {
    return registry.get(nodes, "", name).recover(err -> Future.failedFuture(
        err instanceof ApiException e && e.code() == 404 ? ApiException.notFound("", "node", name) : err))
        .compose(node -> nodeMetricsOf(node, now))
        .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            ApiException.notFound(MetricsV1beta1Resources.GROUP, "nodemetrics", name))));
  }

  private Future<Optional<ObjectNode>> nodeMetricsOf(ObjectNode node, Instant now) {
    return scrape(node).map(s -> s.flatMap(summary ->
        SummaryMetrics.nodeMetrics(summary, node, KUBELET_SAMPLING_WINDOW, now)));
  }

  private Future<Optional<ObjectNode>> summaryOfNode(String nodeName) {
    return registry.get(nodes, "", nodeName).compose(this::scrape, err -> Future.succeededFuture(Optional.empty()));
  }

  /** The node's kubelet Summary; empty (logged) when the kubelet cannot be reached or answers badly. */
  private Future<Optional<ObjectNode>> scrape(ObjectNode node) {
    String name = Fields.string(node, "metadata.name", "");
    try {
      long port = Optional.ofNullable(Fields.integer(node, "status.daemonEndpoints.kubeletEndpoint.Port"))
          .orElse(10250L);
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(PodLogProxy.kubeletHost(node))
          .setPort((int) port).setURI("/stats/summary").setTimeout(SCRAPE_TIMEOUT_MILLIS)
          .putHeader("Authorization", "Bearer " + kubeletToken).putHeader("Accept", "application/json");
      return client.request(options).compose(req -> req.send()).compose(resp -> resp.body().map(body -> {
        if (resp.statusCode() != 200) {
          log.warn("kubelet of node {} answered {} to /stats/summary", name, resp.statusCode());
          return Optional.<ObjectNode>empty();
        }
        return Json.parse(body.getBytes()) instanceof ObjectNode o ? Optional.of(o) : Optional.<ObjectNode>empty();
      })).recover(err -> {
        log.warn("cannot read /stats/summary of node {}: {}", name, err.toString());
        return Future.succeededFuture(Optional.empty());
      });
    } catch (RuntimeException e) {
      log.warn("cannot read /stats/summary of node {}: {}", name, e.toString());
      return Future.succeededFuture(Optional.empty());
    }
  }

  private void writeList(RoutingContext ctx, ResourceDefinition def, List<ObjectNode> items, Instant now) {
    ObjectNode body;
    if (Negotiation.of(ctx.request().getHeader("Accept"), true) == Negotiation.TABLE) {
      body = renderers.table().render(def, items, null, null, ctx.request().getParam("includeObject"), now, true);
    } else {
      body = Json.object();
      body.put("kind", def.kind() + "List");
      body.put("apiVersion", def.apiVersion());
      body.putObject("metadata");
      ArrayNode arr = body.putArray("items");
      items.forEach(arr::add);
    }
    Responses.write(ctx, 200, body, List.of());
  }

  private static boolean isRunning(ObjectNode pod) {
    return "Running".equals(Fields.string(pod, "status.phase", ""));
  }

  private static ResourceDefinition find(List<ResourceDefinition> defs, String plural) {
    return defs.stream().filter(d -> d.plural().equals(plural)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no metrics definition for " + plural));
  }
}

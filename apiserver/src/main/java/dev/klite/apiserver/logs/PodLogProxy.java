package dev.klite.apiserver.logs;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: resolves the container as upstream's
 * pod log REST does (pkg/registry/core/pod/strategy.go LogLocation), then streams the kubelet's
 * {@code /containerLogs/{ns}/{pod}/{container}} back as text/plain over the non-blocking client.
 * A non-200 kubelet answer is a Status JSON and is forwarded with its code. A request that asks
 * for a WebSocket upgrade gets the log over the socket instead ({@link PodLogWebSocket}).
 */
public final class PodLogProxy {
  private static final List<String> FORWARDED = List.of("follow", "previous", "tailLines", "timestamps",
      "sinceSeconds", "sinceTime", "limitBytes");

  private final Registry registry;
  private final ResourceDefinition nodes;
  private final HttpClient client;
  private final String kubeletToken;

  public PodLogProxy(Registry registry, ResourceDefinition nodes, HttpClient client, String kubeletToken) {
    this.registry = registry;
    this.nodes = nodes;
    this.client = client;
    this.kubeletToken = kubeletToken;
  }

  public Future<?> handle(RoutingContext ctx, ResourceDefinition pods, String namespace, String podName) {
    String requested = ctx.request().getParam("container", "");
    boolean previous = "true".equals(ctx.request().getParam("previous"));
    boolean webSocket = PodLogWebSocket.isUpgrade(ctx.request());
    if (webSocket) ctx.request().pause();
    Future<?> done = registry.get(pods, namespace, podName).compose(pod -> {
      String container = resolveContainer(pod, podName, requested);
      checkStarted(pod, podName, container, previous);
      String node = Fields.string(pod, "spec.nodeName", "");
      if (node.isEmpty()) throw ApiException.badRequest("pod " + podName + " does not have a host assigned");
      return registry.get(nodes, "", node).compose(nodeObj -> proxy(ctx, nodeObj, namespace, podName, container,
          webSocket));
    });
    return webSocket ? done.onFailure(e -> ctx.request().resume()) : done;
  }

  /** The subprotocols a log WebSocket may negotiate, for the server options. */
  public static List<String> webSocketProtocols() {
    return PodLogWebSocket.PROTOCOLS;
  }

  /** The container a log or exec request names, with upstream's 400s for none (several) or an unknown one. */
  public static String resolveContainer(ObjectNode pod, String podName, String requested) {
    List<String> main = names(pod, "spec.containers");
    if (requested.isEmpty()) {
      if (main.size() == 1) return main.get(0);
      List<String> init = names(pod, "spec.initContainers");
      String msg = "a container name must be specified for pod " + podName + ", choose one of: " + goList(main);
      if (!init.isEmpty()) msg += " or one of the init containers: " + goList(init);
      throw ApiException.badRequest(msg);
    }
    if (main.contains(requested) || names(pod, "spec.initContainers").contains(requested)
        || names(pod, "spec.ephemeralContainers").contains(requested)) {
      return requested;
    }
    throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
  }

  /**
   * The checks of the kubelet's validateContainerLogStatus (pkg/kubelet/kubelet_pods.go), done
   * here too so an unscheduled or starting pod answers without a round trip: 400
   * {@code container "c" in pod "p" is waiting to start: Reason} before the first start, and 400
   * {@code previous terminated container "c" in pod "p" not found} for a missing previous run.
   */
  static void checkStarted(ObjectNode pod, String podName, String container, boolean previous) {
    Optional<ObjectNode> status = findStatus(pod, container);
    boolean lastTerminated = status.isPresent() && Fields.has(status.get(), "lastState.terminated");
    if (previous) {
      if (lastTerminated) return;
      throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + podName
          + "\" not found");
    }
    if (status.isPresent()) {
      ObjectNode s = status.get();
      if (Fields.has(s, "state.running") || Fields.has(s, "state.terminated") || lastTerminated) return;
    }
    String reason = status.map(s -> Fields.string(s, "state.waiting.reason", "ContainerCreating"))
        .orElse("ContainerCreating");
    throw ApiException.badRequest("container \"" + container + "\" in pod \"" + podName
        + "\" is waiting to start: " + reason);
  }

  private static Optional<ObjectNode> findStatus(ObjectNode pod, String container) {
    for (String path : List.of("status.containerStatuses", "status.initContainerStatuses",
        "status.ephemeralContainerStatuses")) {
      for (ObjectNode s : Fields.objects(pod, path)) {
        if (container.equals(Fields.string(s, "name"))) return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private Future<?> proxy(RoutingContext ctx, ObjectNode node, String namespace, String pod, String container,
      boolean webSocket) {
    String host = kubeletHost(node);
    long port = Optional.ofNullable(Fields.integer(node, "status.daemonEndpoints.kubeletEndpoint.Port")).orElse(10250L);
    StringBuilder uri = new StringBuilder("/containerLogs/").append(enc(namespace)).append('/').append(enc(pod))
        .append('/').append(enc(container));
    MultiMap q = ctx.queryParams();
    String sep = "?";
    for (String p : FORWARDED) {
      if (q.contains(p)) {
        uri.append(sep).append(p).append('=').append(enc(q.get(p)));
        sep = "&";
      }
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort((int) port)
        .setURI(uri.toString()).putHeader("Authorization", "Bearer " + kubeletToken);
    return client.request(options).compose(req -> req.send()).compose(resp -> {
      if (!webSocket || resp.statusCode() != 200) {
        if (webSocket) ctx.request().resume();
        return relay(ctx, resp).mapEmpty();
      }
      return PodLogWebSocket.relay(ctx.request(), resp).mapEmpty();
    });
  }

  private static Future<?> relay(RoutingContext ctx, HttpClientResponse resp) {
    HttpServerResponse out = ctx.response();
    if (resp.statusCode() != 200) {
      return resp.body().map(body -> {
        out.setStatusCode(resp.statusCode());
        String ct = resp.getHeader("Content-Type");
        out.putHeader("Content-Type", ct == null ? "application/json" : ct);
        out.end(body);
        return null;
      });
    }
    out.setStatusCode(200);
    out.setChunked(true);
    out.putHeader("Content-Type", "text/plain");
    out.closeHandler(v -> resp.request().connection().close());
    return resp.pipeTo(out);
  }

  /** The kubelet address of a Node: its InternalIP, else its first address. */
  public static String kubeletHost(ObjectNode node) {
    String fallback = null;
    for (ObjectNode a : Fields.objects(node, "status.addresses")) {
      String type = Fields.string(a, "type", "");
      String address = Fields.string(a, "address", "");
      if (type.equals("InternalIP") && !address.isEmpty()) return address;
      if (fallback == null && !address.isEmpty()) fallback = address;
    }
    if (fallback == null) {
      throw ApiException.badRequest("node " + Fields.string(node, "metadata.name", "") + " has no address");
    }
    return fallback;
  }

  private static List<String> names(ObjectNode pod, String path) {
    return Fields.objects(pod, path).stream().map(c -> Fields.string(c, "name", "")).toList();
  }

  private static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

package dev.klite.apiserver.logs;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/exec} over WebSocket (kubectl 1.30+ speaks {@code v5.channel.k8s.io}, fabric8 v4):
 * checks the pod as upstream's ExecLocation (pkg/registry/core/pod/strategy.go), then opens a
 * WebSocket to the kubelet's {@code /exec/{ns}/{pod}/{container}?<same query>} with the client's
 * subprotocols and relays messages both ways. A rejected kubelet upgrade is answered with its
 * status and body before the client's upgrade, so kubectl prints the kubelet's message.
 */
public final class PodExecProxy {
  private final Registry registry;
  private final ResourceDefinition nodes;
  private final WebSocketClient client;
  private final String kubeletToken;

  public PodExecProxy(Registry registry, ResourceDefinition nodes, WebSocketClient client, String kubeletToken) {
    this.registry = registry;
    this.nodes = nodes;
    this.client = client;
    this.kubeletToken = kubeletToken;
  }

  public Future<?> handle(RoutingContext ctx, ResourceDefinition pods, String namespace, String podName) {
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      throw ApiException.badRequest("Upgrade request required");
    }
    ctx.request().pause();
    Future<?> proxied = registry.get(pods, namespace, podName).compose(pod -> {
      String container = PodLogProxy.resolveContainer(pod, podName, ctx.request().getParam("container", ""));
      String phase = Fields.string(pod, "status.phase", "");
      if (phase.equals("Succeeded") || phase.equals("Failed")) {
        throw ApiException.badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
      }
      String node = Fields.string(pod, "spec.nodeName", "");
      if (node.isEmpty()) throw ApiException.badRequest("pod " + podName + " does not have a host assigned");
      return registry.get(nodes, "", node).compose(n -> connect(ctx, n, namespace, podName, container));
    });
    return proxied.onFailure(e -> ctx.request().resume());
  }

  private Future<Void> connect(RoutingContext ctx, ObjectNode node, String namespace, String pod, String container) {
    long port = Optional.ofNullable(Fields.integer(node, "status.daemonEndpoints.kubeletEndpoint.Port")).orElse(10250L);
    StringBuilder uri = new StringBuilder("/exec/").append(enc(namespace)).append('/').append(enc(pod)).append('/')
        .append(enc(container));
    String sep = "?";
    for (Map.Entry<String, String> q : ctx.queryParams()) {
      if (q.getKey().equals("container")) continue;
      uri.append(sep).append(enc(q.getKey())).append('=').append(enc(q.getValue()));
      sep = "&";
    }
    List<String> protocols = new ArrayList<>();
    String offered = ctx.request().getHeader("Sec-WebSocket-Protocol");
    if (offered != null) {
      for (String p : offered.split(",")) {
        if (!p.isBlank()) protocols.add(p.trim());
      }
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(PodLogProxy.kubeletHost(node))
        .setPort((int) port).setURI(uri.toString()).setSubProtocols(protocols)
        .putHeader("Authorization", "Bearer " + kubeletToken);
    return client.connect(options).recover(err -> {
      if (err instanceof UpgradeRejectedException rejected) {
        String body = rejected.getBody() == null ? "" : rejected.getBody().toString();
        ctx.response().setStatusCode(rejected.getStatus()).putHeader("Content-Type",
            body.startsWith("{") ? "application/json" : "text/plain").end(body);
        return Future.failedFuture(new HandledException());
      }
      return Future.failedFuture(err);
    }).compose(kubelet -> {
      ctx.request().resume();
      return ctx.request().toWebSocket().onFailure(e -> kubelet.close()).map(ws -> {
        relay(ws, kubelet);
        return null;
      });
    });
  }

  private static void relay(ServerWebSocket user, WebSocket kubelet) {
    user.binaryMessageHandler(kubelet::writeBinaryMessage);
    user.textMessageHandler(kubelet::writeTextMessage);
    kubelet.binaryMessageHandler(user::writeBinaryMessage);
    kubelet.textMessageHandler(user::writeTextMessage);
    kubelet.closeHandler(v -> {
      if (!user.isClosed()) {
        Short code = kubelet.closeStatusCode();
        user.close(code == null ? 1000 : code, kubelet.closeReason());
      }
    });
    user.closeHandler(v -> {
      if (!kubelet.isClosed()) kubelet.close();
    });
    kubelet.exceptionHandler(e -> user.close());
    user.exceptionHandler(e -> kubelet.close());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The kubelet's rejection was already written to the client. */
  public static final class HandledException extends RuntimeException {
    HandledException() {
      super("answered by the kubelet", null, false, false);
    }
  }
}

package dev.klite.apiserver.logs;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.logs.spdy.ExpectedStreams;
import dev.klite.apiserver.logs.spdy.SpdyHandshake;
import dev.klite.apiserver.logs.spdy.SpdyRemoteCommand;
import dev.klite.apiserver.logs.spdy.SpdySession;
import dev.klite.apiserver.logs.spdy.SpdyUpgrade;
import dev.klite.apiserver.logs.spdy.StreamProtocol;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
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
 *
 * <p>SPDY/3.1 (kubectl before 1.30, and 1.30+ after a refused WebSocket attempt, client-go
 * tools/remotecommand/fallback.go) is terminated here and bridged to the same kubelet WebSocket
 * ({@link SpdyRemoteCommand}): after the pod checks the stream protocol is negotiated
 * ({@link SpdyHandshake}), then the kubelet is connected first, so that its refusal (pod or container
 * not running, bad options) is passed through as upstream's upgrade-aware proxy passes it and kubectl
 * prints {@code unable to upgrade connection: <kubelet message>}; only then is the client answered
 * {@code 101 Switching Protocols}. Any other upgrade still gets the kubelet's verdict without one.
 */
public final class PodExecProxy {
  private final Registry registry;
  private final ResourceDefinition nodes;
  private final WebSocketClient client;
  private final HttpClient httpClient;
  private final String kubeletToken;
  /** "exec", or "attach" (the kubelet's /attach endpoint takes the same query and protocols). */
  private final String action;

  public PodExecProxy(Registry registry, ResourceDefinition nodes, WebSocketClient client, HttpClient httpClient,
      String kubeletToken) {
    this(registry, nodes, client, httpClient, kubeletToken, "exec");
  }

  /** {@code pods/attach}: the same relay to the kubelet's {@code /attach/{ns}/{pod}/{container}}. */
  public static PodExecProxy attach(Registry registry, ResourceDefinition nodes, WebSocketClient client,
      HttpClient httpClient, String kubeletToken) {
    return new PodExecProxy(registry, nodes, client, httpClient, kubeletToken, "attach");
  }

  private PodExecProxy(Registry registry, ResourceDefinition nodes, WebSocketClient client, HttpClient httpClient,
      String kubeletToken, String action) {
    this.action = action;
    this.httpClient = httpClient;
    this.registry = registry;
    this.nodes = nodes;
    this.client = client;
    this.kubeletToken = kubeletToken;
  }

  public Future<?> handle(RoutingContext ctx, ResourceDefinition pods, String namespace, String podName) {
    boolean webSocket = "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
    boolean spdy = SpdyHandshake.isSpdyUpgrade(ctx.request().getHeader("Connection"), ctx.request().getHeader("Upgrade"));
    if (!webSocket && ctx.request().getHeader("Upgrade") == null) {
      throw ApiException.badRequest("Upgrade request required");
    }
    ctx.request().pause();
    // The client connection's context (route handlers run on it): the SPDY session lives there.
    Context connection = Vertx.currentContext();
    Future<?> proxied = registry.get(pods, namespace, podName).compose(pod -> {
      String container = PodLogProxy.resolveContainer(pod, podName, ctx.request().getParam("container", ""));
      String phase = Fields.string(pod, "status.phase", "");
      if (phase.equals("Succeeded") || phase.equals("Failed")) {
        throw ApiException.badRequest((action.equals("exec") ? "cannot exec into" : "cannot attach")
            + " a container in a completed pod; current phase is " + phase);
      }
      String node = Fields.string(pod, "spec.nodeName", "");
      if (node.isEmpty()) throw ApiException.badRequest("pod " + podName + " does not have a host assigned");
      if (webSocket) return registry.get(nodes, "", node).compose(n -> connect(ctx, n, namespace, podName, container));
      if (!spdy) return registry.get(nodes, "", node).compose(n -> kubeletVerdict(ctx, n, namespace, podName, container));
      SpdyHandshake.Result handshake = SpdyHandshake.negotiate(ctx.request().headers().getAll(SpdyHandshake.PROTOCOL_HEADER));
      if (handshake.protocol().isEmpty()) {
        refuseSpdy(ctx, handshake);
        return Future.failedFuture(new HandledException());
      }
      return registry.get(nodes, "", node)
          .compose(n -> connectSpdy(ctx, connection, n, namespace, podName, container, handshake.protocol().get()));
    });
    // A kubelet refusal was already written to the client: the request is done, not failed.
    return proxied.onFailure(e -> ctx.request().resume())
        .recover(e -> e instanceof HandledException ? Future.succeededFuture() : Future.failedFuture(e));
  }

  /**
   * An upgrade to something other than WebSocket or SPDY: the kubelet's answer to the same URL
   * without an upgrade. Its checks precede its upgrade, so a refusal is the message a WebSocket
   * attempt would get too.
   */
  private Future<Void> kubeletVerdict(RoutingContext ctx, ObjectNode node, String namespace, String pod,
      String container) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(PodLogProxy.kubeletHost(node))
        .setPort(kubeletPort(node)).setURI(kubeletUri(ctx, namespace, pod, container))
        .putHeader("Authorization", "Bearer " + kubeletToken);
    return httpClient.request(options).compose(req -> req.send()).compose(resp -> resp.body().compose(body -> {
      String text = body.toString();
      // The kubelet accepts the request and only lacks the upgrade (ExecHandler's refusal of a plain GET).
      if (resp.statusCode() == 400 && text.startsWith("unable to upgrade")) {
        return Future.failedFuture(ApiException.badRequest("Upgrade request required"));
      }
      ctx.request().resume();
      ctx.response().setStatusCode(resp.statusCode()).putHeader("Content-Type",
          text.startsWith("{") ? "application/json" : "text/plain; charset=utf-8").end(body);
      return Future.<Void>succeededFuture();
    }));
  }

  /** httpstream.Handshake's refusal: plain text as Go's http.Error, the accepted versions in a header on 403. */
  private static void refuseSpdy(RoutingContext ctx, SpdyHandshake.Result handshake) {
    ctx.request().resume();
    if (handshake.code() == 403) {
      ctx.response().headers().add(SpdyHandshake.ACCEPTED_HEADER, SpdyHandshake.SERVER_PROTOCOLS);
    }
    ctx.response().setStatusCode(handshake.code()).putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff").end(handshake.message() + "\n");
  }

  /**
   * SPDY: the kubelet leg first (v5, whose stdin close signal carries the client's stdin FIN), paused until the
   * client has opened its streams; then the 101 with the negotiated version, and the bridge on the raw socket.
   */
  private Future<Void> connectSpdy(RoutingContext ctx, Context connection, ObjectNode node, String namespace,
      String pod, String container, StreamProtocol protocol) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(PodLogProxy.kubeletHost(node))
        .setPort(kubeletPort(node)).setURI(kubeletUri(ctx, namespace, pod, container))
        .setSubProtocols(List.of("v5.channel.k8s.io"))
        .putHeader("Authorization", "Bearer " + kubeletToken);
    ExpectedStreams expected = new ExpectedStreams(protocol, flag(ctx, "stdin"), flag(ctx, "stdout"),
        flag(ctx, "stderr"), flag(ctx, "tty"));
    return client.connect(options).recover(err -> passRefusal(ctx, err)).compose(kubelet -> {
      kubelet.pause();
      return SpdyUpgrade.switchProtocols(ctx.request(), protocol).onFailure(e -> kubelet.close()).map(socket -> {
        new SpdyRemoteCommand(connection, new SpdySession(socket), kubelet, protocol, expected).start();
        return null;
      });
    });
  }

  /** The query's booleans as the API server decodes PodExecOptions ({@code true}/{@code 1}). */
  private static boolean flag(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  /** A rejected kubelet upgrade goes to the client as the kubelet wrote it. */
  private static <T> Future<T> passRefusal(RoutingContext ctx, Throwable err) {
    if (err instanceof UpgradeRejectedException rejected) {
      String body = rejected.getBody() == null ? "" : rejected.getBody().toString();
      ctx.request().resume();
      ctx.response().setStatusCode(rejected.getStatus()).putHeader("Content-Type",
          body.startsWith("{") ? "application/json" : "text/plain").end(body);
      return Future.failedFuture(new HandledException());
    }
    return Future.failedFuture(err);
  }

  private static int kubeletPort(ObjectNode node) {
    return (int) (long) Optional.ofNullable(Fields.integer(node, "status.daemonEndpoints.kubeletEndpoint.Port"))
        .orElse(10250L);
  }

  /** {@code /exec/{ns}/{pod}/{container}} (or /attach/...) with the request's query (less {@code container}). */
  private String kubeletUri(RoutingContext ctx, String namespace, String pod, String container) {
    StringBuilder uri = new StringBuilder("/").append(action).append('/').append(enc(namespace)).append('/').append(enc(pod)).append('/')
        .append(enc(container));
    String sep = "?";
    for (Map.Entry<String, String> q : ctx.queryParams()) {
      if (q.getKey().equals("container")) continue;
      uri.append(sep).append(enc(q.getKey())).append('=').append(enc(q.getValue()));
      sep = "&";
    }
    return uri.toString();
  }

  private Future<Void> connect(RoutingContext ctx, ObjectNode node, String namespace, String pod, String container) {
    int port = kubeletPort(node);
    String uri = kubeletUri(ctx, namespace, pod, container);
    List<String> protocols = new ArrayList<>();
    String offered = ctx.request().getHeader("Sec-WebSocket-Protocol");
    if (offered != null) {
      for (String p : offered.split(",")) {
        if (!p.isBlank()) protocols.add(p.trim());
      }
    }
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(PodLogProxy.kubeletHost(node))
        .setPort(port).setURI(uri).setSubProtocols(protocols)
        .putHeader("Authorization", "Bearer " + kubeletToken);
    return client.connect(options).recover(err -> passRefusal(ctx, err)).compose(kubelet -> {
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

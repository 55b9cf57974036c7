package dev.klite.kubelet.exec;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /exec/{namespace}/{pod}/{container}?command=..&stdin=..&stdout=..&stderr=..&tty=..} upgraded to a
 * WebSocket ({@code pkg/kubelet/server/server.go} getExec), and {@code /attach/...} (getAttach) the same way. Errors before the upgrade are plain text as go-restful's
 * {@code WriteError} and {@code pkg/kubelet/cri/streaming/errors.go} write them: 400 for bad options, 404
 * {@code pod does not exist}, 500 {@code container not found ("c")} for a container that is unknown or not running
 * (upstream looks among running containers only). Runs on the event loop; the session works on {@code blocking}.
 */
public final class ExecHandler {
  private static final Logger log = LoggerFactory.getLogger(ExecHandler.class);
  /** The channel protocols served (binary framing, Status JSON on channel 3); v5 adds the stdin close signal. */
  public static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");

  private ExecHandler() {}

  /** Adds the exec route to {@code router}; the server must offer {@link #PROTOCOLS} as WebSocket subprotocols. */
  public static void install(Router router, ExecTargets targets, ExecutorService blocking) {
    router.get("/exec/:namespace/:pod/:container").handler(ctx -> handle(ctx, targets, blocking, true));
    // server.go getAttach: the same checks and protocol, no command.
    router.get("/attach/:namespace/:pod/:container").handler(ctx -> handle(ctx, targets, blocking, false));
  }

  private static void handle(RoutingContext ctx, ExecTargets targets, ExecutorService blocking, boolean exec) {
    String pod = ctx.pathParam("pod");
    String container = ctx.pathParam("container");
    ExecOptions options;
    try {
      options = ExecOptions.parse(ctx.queryParams(), exec);
    } catch (IllegalArgumentException e) {
      text(ctx, 400, e.getMessage());
      return;
    }
    Optional<Map<String, ExecTarget>> running = targets.running(ctx.pathParam("namespace"), pod);
    if (running.isEmpty()) {
      text(ctx, 404, "pod does not exist");
      return;
    }
    ExecTarget target = running.get().get(container);
    if (target == null) {
      text(ctx, 500, "container not found (\"" + container + "\")");
      return;
    }
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      text(ctx, 400, "unable to upgrade: this kubelet serves exec over WebSocket ("
          + String.join(", ", PROTOCOLS) + ") only");
      return;
    }
    String offered = Optional.ofNullable(ctx.request().getHeader("Sec-WebSocket-Protocol")).orElse("");
    boolean supported = List.of(offered.split(",")).stream().map(String::trim).anyMatch(PROTOCOLS::contains);
    if (!supported) {
      // wsstream/conn.go handshake: no common protocol is refused before the upgrade.
      text(ctx, 400, "requested protocol(s) are not supported: [" + offered.trim() + "]; supports "
          + PROTOCOLS);
      return;
    }
    // An attach streams what the container writes from this request on: where its log stands now, before the
    // upgrade, so that output caused by the client's first input is never lost to a late follower. (One stat of a
    // local file: no I/O wait worth moving off the event loop.)
    long attachFrom = exec ? 0 : AttachSession.logSize(target);
    ctx.request().toWebSocket().onSuccess(ws -> {
      log.debug("{} {}/{}/{} protocol {}: {}", exec ? "exec in" : "attach to", ctx.pathParam("namespace"), pod,
          container, ws.subProtocol(), options.command());
      if (exec) {
        new ExecSession(ws, target, options, blocking).start();
      } else {
        new AttachSession(ws, target, options, blocking, attachFrom).start();
      }
    }).onFailure(e -> log.debug("exec upgrade failed: {}", e.toString()));
  }

  private static void text(RoutingContext ctx, int code, String message) {
    ctx.response().setStatusCode(code).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
  }
}

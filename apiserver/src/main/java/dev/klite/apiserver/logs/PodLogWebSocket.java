package dev.klite.apiserver.logs;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.Base64;
import java.util.List;

/**
 * A pod log streamed over a WebSocket, as upstream streams any GET of a streaming subresource
 * that asks for an upgrade (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters
 * StreamObject with wsstream.NewReader and its default reader protocols,
 * staging/src/k8s.io/apimachinery/pkg/util/httpstream/wsstream/stream.go): subprotocol
 * {@code binary.k8s.io} (or none) sends the log's bytes as binary messages, {@code base64.binary.k8s.io}
 * as base64 text messages; there is no channel byte, since a log is one stream. An empty message
 * goes first (upstream's ping), messages from the client are ignored, and the socket is closed
 * normally when the log ends.
 */
final class PodLogWebSocket {
  static final String BINARY = "binary.k8s.io";
  static final String BASE64 = "base64.binary.k8s.io";

  /** The reader protocols, for the server's WebSocket subprotocol list. */
  static final List<String> PROTOCOLS = List.of(BINARY, BASE64);

  private PodLogWebSocket() {}

  /** Whether the request asks for a WebSocket upgrade ({@code wsstream.IsWebSocketRequest}). */
  static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    String connection = request.getHeader("Connection");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket") && connection != null
        && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade");
  }

  /** Upgrades the (paused) request and copies the kubelet's 200 log body into the socket. */
  static Future<Void> relay(HttpServerRequest request, HttpClientResponse log) {
    log.pause();
    request.resume();
    return request.toWebSocket().onFailure(e -> log.request().connection().close()).map(ws -> {
      boolean base64 = BASE64.equals(ws.subProtocol());
      write(ws, Buffer.buffer(), base64);
      ws.handler(ignored -> { });
      ws.closeHandler(v -> log.request().connection().close());
      log.handler(chunk -> {
        write(ws, chunk, base64);
        if (ws.writeQueueFull()) {
          log.pause();
          ws.drainHandler(v -> log.resume());
        }
      });
      log.exceptionHandler(e -> ws.close());
      log.endHandler(v -> {
        if (!ws.isClosed()) ws.close((short) 1000);
      });
      log.resume();
      return null;
    });
  }

  private static void write(ServerWebSocket ws, Buffer chunk, boolean base64) {
    if (ws.isClosed()) return;
    if (base64) {
      ws.writeTextMessage(Base64.getEncoder().encodeToString(chunk.getBytes()));
    } else {
      ws.writeBinaryMessage(chunk);
    }
  }
}

package dev.klite.apiserver.logs.spdy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * Answers a SPDY upgrade with {@code 101 Switching Protocols} ({@code Connection: Upgrade},
 * {@code Upgrade: SPDY/3.1}, the negotiated {@code X-Stream-Protocol-Version}; {@code httpstream/spdy/upgrade.go}
 * UpgradeResponse) and hands over the raw connection. client-go upgrades with a {@code POST}, and Vert.x's
 * {@code toNetSocket()} only turns {@code CONNECT} and {@code GET} upgrades into sockets, so the HTTP/1.1 connection
 * is detached from its codec first ({@link Http1xServerConnection#netSocket()}, what {@code toNetSocket()} does
 * after writing its own 101) and the response head is written on the raw socket, before the client can send its
 * first frame.
 */
public final class SpdyUpgrade {
  private SpdyUpgrade() {}

  public static Future<NetSocket> switchProtocols(HttpServerRequest request, StreamProtocol protocol) {
    HttpConnection connection = request.connection();
    if (!(connection instanceof Http1xServerConnection http1)) {
      return Future.failedFuture(new IllegalStateException("SPDY upgrades need an HTTP/1.1 connection"));
    }
    request.resume();
    // Never written through Vert.x (the head goes on the raw socket), but request metrics read it when the
    // connection ends: an upgraded exec counts as 101, as upstream counts it.
    request.response().setStatusCode(101);
    // The request has no body (client-go sends none); wait for its end so no HTTP state is left half-read.
    Future<Void> ended = request.isEnded() ? Future.succeededFuture() : request.end();
    return ended.compose(v -> http1.netSocket()).compose(socket -> {
      String head = "HTTP/1.1 101 Switching Protocols\r\n"
          + "Connection: Upgrade\r\n"
          + "Upgrade: " + SpdyHandshake.UPGRADE + "\r\n"
          + SpdyHandshake.PROTOCOL_HEADER + ": " + protocol.header() + "\r\n"
          + "\r\n";
      return socket.write(Buffer.buffer(head.getBytes(StandardCharsets.US_ASCII))).map(socket);
    });
  }
}

package dev.klite.kubelet.exec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes channel-protocol messages (first byte the stream id) to a WebSocket from worker threads, one at a time,
 * waiting while the socket's write queue is full; ends a session with one Status on channel 3 and close 1000
 * ({@code staging/src/k8s.io/client-go/tools/remotecommand/websocket.go} reads exactly that).
 */
final class ChannelWriter {
  private static final Logger log = LoggerFactory.getLogger(ChannelWriter.class);
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte ERROR = 3;
  private static final long WRITE_WAIT_SECONDS = 30;

  private final ServerWebSocket ws;
  private volatile boolean gone;

  ChannelWriter(ServerWebSocket ws) {
    this.ws = ws;
  }

  /** The client closed or failed; later sends are dropped. */
  void gone() {
    gone = true;
  }

  boolean isGone() {
    return gone;
  }

  /** Sends {@code data[0..len)} on {@code stream}; false when the client is gone. Blocking (back-pressure). */
  synchronized boolean send(byte stream, byte[] data, int len) {
    if (gone) {
      return false;
    }
    if (ws.writeQueueFull()) {
      CompletableFuture<Void> drained = new CompletableFuture<>();
      ws.drainHandler(v -> drained.complete(null));
      if (ws.writeQueueFull()) {
        try {
          drained.get(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        } catch (ExecutionException | TimeoutException e) {
          log.debug("client stopped reading; closing");
          ws.close();
          return false;
        }
      }
    }
    ws.writeBinaryMessage(Buffer.buffer(len + 1).appendByte(stream).appendBytes(data, 0, len));
    return true;
  }

  /** Sends the final Status on the error channel and closes normally. */
  void finish(byte[] status) {
    if (send(ERROR, status, status.length)) {
      ws.close((short) 1000);
    }
  }
}

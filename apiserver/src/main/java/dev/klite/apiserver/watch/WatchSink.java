package dev.klite.apiserver.watch;

import io.vertx.core.buffer.Buffer;

/**
 * Where a watch writes its encoded events: a chunked HTTP response or a WebSocket. All methods
 * are called on the request's Vert.x context.
 */
public interface WatchSink {
  /** Sends the response head (200 + headers) or nothing for a WebSocket. */
  void open();

  /** Writes one encoded event; answers false when the write queue is full. */
  boolean write(Buffer event);

  /** Called once when the write queue has room again after {@link #write} answered false. */
  void onDrain(Runnable action);

  /** Called once when the client goes away or the connection fails. */
  void onClosed(Runnable action);

  /** Whether the client already went away (before the close handler could be installed). */
  default boolean isClosed() {
    return false;
  }

  /** Ends the stream cleanly (last chunk, or a WebSocket close). */
  void end();
}

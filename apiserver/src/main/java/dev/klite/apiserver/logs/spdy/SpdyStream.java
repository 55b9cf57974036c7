package dev.klite.apiserver.logs.spdy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One client-initiated stream of a {@link SpdySession}: its SYN_STREAM headers, the data the client sends on it
 * (acknowledge it with {@link #consumed} once passed on, which opens the client's flow-control window again), and
 * the data the server sends. Used on the session's context only.
 */
public final class SpdyStream {
  private final SpdySession session;
  private final int id;
  private final Map<String, String> headers;
  Handler<Buffer> dataHandler = b -> { };
  Runnable endHandler = () -> { };
  boolean localClosed;
  boolean remoteClosed;
  /** Client data passed on but not yet returned to the client's window. */
  int unacknowledged;

  SpdyStream(SpdySession session, int id, Map<String, String> headers) {
    this.session = session;
    this.id = id;
    this.headers = headers;
  }

  public int id() {
    return id;
  }

  /** A SYN_STREAM header; names are lower case in SPDY/3. */
  public String header(String name) {
    return headers.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** Receives the client's data; each buffer must be {@link #consumed} once handed on. */
  public SpdyStream dataHandler(Handler<Buffer> handler) {
    this.dataHandler = handler;
    return this;
  }

  /** Called once when the client half-closes (FIN) or resets the stream. */
  public SpdyStream endHandler(Runnable handler) {
    this.endHandler = handler;
    return this;
  }

  /** Returns {@code bytes} of received data to the client's flow-control window. */
  public void consumed(int bytes) {
    session.consumed(this, bytes);
  }

  /** Sends data to the client; writers pace themselves with {@link SpdySession#writeQueueFull()}. */
  public void write(Buffer data) {
    session.write(this, data);
  }

  /** Half-closes the server side (FIN). */
  public void end() {
    session.end(this);
  }
}

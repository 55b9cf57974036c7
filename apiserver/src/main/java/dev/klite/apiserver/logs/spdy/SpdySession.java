package dev.klite.apiserver.logs.spdy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySessionStatus;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a SPDY/3.1 connection on an upgraded socket, as client-go's peer
 * ({@code github.com/moby/spdystream}) expects it: each SYN_STREAM from the client is answered with a SYN_REPLY,
 * PINGs the client starts are echoed, RST_STREAM and GOAWAY end streams and the session. Flow control: data the
 * client sends is returned to its 64 KiB windows (WINDOW_UPDATE for the stream and the session) only once
 * {@link SpdyStream#consumed consumed}, so a slow consumer holds a SPDY/3.1 client back. spdystream itself neither
 * sends WINDOW_UPDATEs for what it receives nor waits for them (its reads are paced by TCP; measured with kubectl
 * 1.27–1.29, which never send one), so data for the client is not held for a window, which would stall it after
 * 64 KiB: writers are paced by the socket's write queue instead ({@link #writeQueueFull()}). Frames are
 * (de)coded by Netty's {@link SpdyFrameCodec} (zlib header blocks with the SPDY dictionary) on an
 * {@link EmbeddedChannel}; everything runs on the socket's context and nothing blocks.
 */
public final class SpdySession {
  private static final Logger log = LoggerFactory.getLogger(SpdySession.class);
  static final int INITIAL_WINDOW = 64 * 1024;
  /** Return received data to the client's window in steps of this much, not per frame. */
  private static final int ACK_STEP = INITIAL_WINDOW / 4;
  private static final int MAX_DATA_FRAME = 16 * 1024;

  private final NetSocket socket;
  private final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
  private final Map<Integer, SpdyStream> streams = new LinkedHashMap<>();
  private Consumer<SpdyStream> streamHandler = s -> { };
  private Runnable closeHandler = () -> { };
  private Runnable drainHandler;
  private int lastClientStreamId;
  private int sessionUnacknowledged;
  private boolean closed;
  private boolean closedNotified;

  public SpdySession(NetSocket socket) {
    this.socket = socket;
  }

  /** Called for each stream the client opens, after its SYN_REPLY is queued. */
  public SpdySession streamHandler(Consumer<SpdyStream> handler) {
    this.streamHandler = handler;
    return this;
  }

  /** Called once when the connection is gone (closed by either side, or failed). */
  public SpdySession closeHandler(Runnable handler) {
    this.closeHandler = handler;
    return this;
  }

  /** Starts reading frames. */
  public void start() {
    socket.handler(this::onBytes);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> {
      log.debug("spdy connection failed: {}", e.toString());
      socket.close();
    });
    socket.drainHandler(v -> checkDrained());
    // The HTTP request was paused while the pod was checked: make sure the raw connection reads.
    socket.resume();
  }

  /** Stops (or resumes) reading from the client: back-pressure for its stdin when its peer is slow. */
  public void pause() {
    socket.pause();
  }

  public void resume() {
    socket.resume();
  }

  /** True while the socket's write queue is full (TCP back-pressure): writers should wait for the drain. */
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** Called once, the next time the socket's write queue has drained. */
  public void drainHandler(Runnable handler) {
    this.drainHandler = handler;
    checkDrained();
  }

  /** Ends the session: GOAWAY after everything written so far, then the socket is closed once that is out. */
  public void close() {
    if (closed) return;
    goAway(SpdySessionStatus.OK);
    closed = true;
    // Close only once everything queued reached the socket: closing earlier would drop the tail of the output.
    flush().onComplete(r -> socket.close());
  }

  // ---- receiving

  private void onBytes(Buffer bytes) {
    if (closed) return;
    try {
      codec.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
      for (Object frame; (frame = codec.readInbound()) != null; ) {
        try {
          onFrame((SpdyFrame) frame);
        } finally {
          ReferenceCountUtil.release(frame);
        }
      }
    } catch (RuntimeException e) {
      // A framing error: SPDY has no recovery but to end the session (spdy/3.1 section 2.4.1).
      log.debug("spdy protocol error: {}", e.toString());
      goAway(SpdySessionStatus.PROTOCOL_ERROR);
      flush().onComplete(r -> socket.close());
      closed = true;
      return;
    }
    flush();
  }

  private void onFrame(SpdyFrame frame) {
    if (frame instanceof SpdySynStreamFrame syn) {
      onSynStream(syn);
    } else if (frame instanceof SpdyDataFrame data) {
      onData(data);
    } else if (frame instanceof SpdyPingFrame ping) {
      // Client pings have odd ids; echo them (client-go pings every 5 s and gives up without an answer).
      if ((ping.id() & 1) == 1) codec.writeOutbound(new DefaultSpdyPingFrame(ping.id()));
    } else if (frame instanceof SpdyRstStreamFrame rst) {
      SpdyStream s = streams.remove(rst.streamId());
      if (s != null) {
        s.localClosed = true;
        remoteEnd(s);
      }
    } else if (frame instanceof SpdyGoAwayFrame) {
      // The client opens no more streams; the open ones finish normally.
      log.debug("spdy client sent GOAWAY");
    }
  }

  private void onSynStream(SpdySynStreamFrame syn) {
    int id = syn.streamId();
    if ((id & 1) == 0 || id <= lastClientStreamId) {
      codec.writeOutbound(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
      return;
    }
    lastClientStreamId = id;
    Map<String, String> headers = new HashMap<>();
    syn.headers().forEach(e -> headers.put(e.getKey().toString().toLowerCase(Locale.ROOT), e.getValue().toString()));
    SpdyStream stream = new SpdyStream(this, id, headers);
    streams.put(id, stream);
    stream.localClosed = syn.isUnidirectional();
    codec.writeOutbound(synReply(id));
    streamHandler.accept(stream);
    if (syn.isLast()) remoteEnd(stream);
  }

  /**
   * A SYN_REPLY. Go's framer (spdystream's peer) needs a header block, and Netty writes none for an empty header
   * set, so the reply carries the two headers SPDY/3's HTTP layering puts in every reply (spdy/3 section 3.2.2);
   * spdystream ignores their values.
   */
  private static DefaultSpdySynReplyFrame synReply(int id) {
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
    reply.headers().set(":status", "200").set(":version", "HTTP/1.1");
    return reply;
  }

  private void onData(SpdyDataFrame data) {
    SpdyStream s = streams.get(data.streamId());
    int length = data.content().readableBytes();
    if (s == null || s.remoteClosed) {
      // Still counts against the session window: give it back at once.
      acknowledgeSession(length);
      if (s == null) codec.writeOutbound(new DefaultSpdyRstStreamFrame(data.streamId(), SpdyStreamStatus.INVALID_STREAM));
      return;
    }
    if (length > 0) {
      byte[] bytes = new byte[length];
      data.content().readBytes(bytes);
      s.dataHandler.handle(Buffer.buffer(bytes));
    }
    if (data.isLast()) remoteEnd(s);
  }

  private void remoteEnd(SpdyStream s) {
    if (s.remoteClosed) return;
    s.remoteClosed = true;
    s.endHandler.run();
    if (s.localClosed) streams.remove(s.id());
  }

  void consumed(SpdyStream s, int bytes) {
    if (closed || bytes <= 0) return;
    s.unacknowledged += bytes;
    if (s.unacknowledged >= ACK_STEP && !s.remoteClosed) {
      codec.writeOutbound(new DefaultSpdyWindowUpdateFrame(s.id(), s.unacknowledged));
      s.unacknowledged = 0;
    }
    acknowledgeSession(bytes);
    flush();
  }

  private void acknowledgeSession(int bytes) {
    sessionUnacknowledged += bytes;
    if (sessionUnacknowledged >= ACK_STEP) {
      codec.writeOutbound(new DefaultSpdyWindowUpdateFrame(0, sessionUnacknowledged));
      sessionUnacknowledged = 0;
    }
  }

  // ---- sending

  void write(SpdyStream s, Buffer data) {
    if (closed || s.localClosed || data.length() == 0) return;
    for (int from = 0; from < data.length(); from += MAX_DATA_FRAME) {
      int to = Math.min(data.length(), from + MAX_DATA_FRAME);
      codec.writeOutbound(new DefaultSpdyDataFrame(s.id(), Unpooled.wrappedBuffer(data.getBytes(from, to))));
    }
    flush();
  }

  /** Half-closes the server side: an empty DATA frame with FLAG_FIN. */
  void end(SpdyStream s) {
    if (closed || s.localClosed) return;
    codec.writeOutbound(new DefaultSpdyDataFrame(s.id()).setLast(true));
    s.localClosed = true;
    if (s.remoteClosed) streams.remove(s.id());
    flush();
  }

  private void goAway(SpdySessionStatus status) {
    codec.writeOutbound(new DefaultSpdyGoAwayFrame(lastClientStreamId, status));
  }

  private void checkDrained() {
    Runnable handler = drainHandler;
    if (handler != null && !writeQueueFull()) {
      drainHandler = null;
      handler.run();
    }
  }

  /** Writes the encoded frames to the socket; the future completes when the last of them is written. */
  private Future<Void> flush() {
    Buffer out = null;
    for (Object o; (o = codec.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) o;
      try {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out = out == null ? Buffer.buffer(bytes) : out.appendBytes(bytes);
      } finally {
        buf.release();
      }
    }
    return out == null ? Future.succeededFuture() : socket.write(out);
  }

  private void onClosed() {
    if (closedNotified) return;
    closedNotified = true;
    closed = true;
    for (SpdyStream s : streams.values().toArray(SpdyStream[]::new)) {
      s.localClosed = true;
      remoteEnd(s);
    }
    streams.clear();
    codec.finishAndReleaseAll();
    closeHandler.run();
  }

  /** For a handler that only needs to know whether the session still runs. */
  public boolean isClosed() {
    return closed;
  }
}

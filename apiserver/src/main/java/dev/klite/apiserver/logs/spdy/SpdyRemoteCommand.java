package dev.klite.apiserver.logs.spdy;

import dev.klite.apiserver.logs.spdy.ExpectedStreams.Type;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges one SPDY remotecommand session (kubectl before 1.30) to the kubelet's WebSocket exec/attach in
 * {@code v5.channel.k8s.io}: the client's streams are told apart by {@code streamType}
 * ({@code pkg/kubelet/cri/streaming/remotecommand/httpstream.go}); stdin data becomes channel 0, its FIN the v5
 * close signal {@code [255, 0]}, each resize object channel 4; the kubelet's channels 1 and 2 go to the stdout and
 * stderr streams and its final Status (channel 3) to the error stream in the negotiated version's format. When the
 * kubelet closes, the server halves of the streams are finished (the client reads stdout/stderr to EOF before it
 * reports the Status) and the session ends with GOAWAY. Back-pressure both ways: the kubelet socket is paused while
 * the client's windows or socket are full, and client data is returned to its window only once the kubelet socket
 * took it. On the request's context; nothing blocks.
 */
public final class SpdyRemoteCommand {
  private static final Logger log = LoggerFactory.getLogger(SpdyRemoteCommand.class);
  /** The kubelet's default stream creation timeout (kubelet config {@code streamingConnectionIdleTimeout} sibling). */
  static final long STREAM_CREATION_TIMEOUT_MS = 30_000;
  /** How long queued output may still arrive after a kubelet closed without its final Status. */
  static final long STATUS_GRACE_MS = 2_000;
  static final byte STDIN = 0;
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte ERROR = 3;
  static final byte RESIZE = 4;
  static final byte CLOSE = (byte) 255;

  private final Context context;
  private final SpdySession session;
  private final WebSocket kubelet;
  private final StreamProtocol protocol;
  private final ExpectedStreams expected;
  private final Map<Type, SpdyStream> streams = new EnumMap<>(Type.class);
  private boolean started;
  private boolean kubeletClosed;
  /** The kubelet's final Status arrived: nothing follows it (ChannelWriter.finish on the kubelet). */
  private boolean statusSeen;
  private boolean finished;
  private long timer = -1;
  /** stdin bytes passed to the kubelet socket while it was full: returned to the client's window on drain. */
  private int stdinOwed;

  /** {@code context} is the client connection's: the session is used on it only. */
  public SpdyRemoteCommand(Context context, SpdySession session, WebSocket kubelet, StreamProtocol protocol,
      ExpectedStreams expected) {
    this.context = context;
    this.session = session;
    this.kubelet = kubelet;
    this.protocol = protocol;
    this.expected = expected;
  }

  /**
   * Wires both sides and starts the session. The kubelet socket must be paused: it is resumed once the client has
   * opened its streams, so nothing the command writes is buffered here meanwhile.
   */
  public void start() {
    on(context, this::wire);
  }

  private void wire() {
    // The session is single-threaded on the client connection's context; the kubelet socket may call back on
    // another, so its events are moved over, in order.
    kubelet.binaryMessageHandler(m -> on(context, () -> fromKubelet(m)));
    kubelet.closeHandler(v -> on(context, this::kubeletDone));
    kubelet.exceptionHandler(e -> on(context, () -> {
      log.debug("kubelet exec socket failed: {}", e.toString());
      kubeletDone();
    }));
    session.streamHandler(this::onStream).closeHandler(() -> {
      // The client went away: closing the kubelet socket makes the kubelet kill the command.
      if (!kubelet.isClosed()) kubelet.close();
      cancelTimer();
    });
    timer = context.owner().setTimer(STREAM_CREATION_TIMEOUT_MS, t -> {
      timer = -1;
      if (!started) {
        log.debug("timed out waiting for client to create streams");
        session.close();
        if (!kubelet.isClosed()) kubelet.close();
      }
    });
    session.start();
  }

  private void onStream(SpdyStream stream) {
    Optional<Type> type = expected.add(stream.id(), stream.header("streamType"));
    if (type.isEmpty()) {
      log.debug("unexpected stream type: {}", stream.header("streamType"));
      return;
    }
    streams.put(type.get(), stream);
    switch (type.get()) {
      case STDIN -> stream.dataHandler(data -> toKubelet(stream, STDIN, data))
          .endHandler(() -> sendToKubelet(Buffer.buffer(new byte[] {CLOSE, STDIN})));
      case RESIZE -> {
        JsonObjectSplitter splitter = new JsonObjectSplitter();
        stream.dataHandler(data -> {
          for (byte[] size : splitter.feed(data.getBytes())) {
            sendToKubelet(Buffer.buffer(size.length + 1).appendByte(RESIZE).appendBytes(size));
          }
          stream.consumed(data.length());
        });
      }
      default -> stream.dataHandler(data -> stream.consumed(data.length()));
    }
    if (!started && expected.complete()) {
      started = true;
      cancelTimer();
      kubelet.resume();
      if (kubeletClosed) awaitStatus();
    }
  }

  private void toKubelet(SpdyStream stream, byte channel, Buffer data) {
    sendToKubelet(Buffer.buffer(data.length() + 1).appendByte(channel).appendBuffer(data));
    if (!kubelet.writeQueueFull()) {
      stream.consumed(data.length());
      return;
    }
    // The kubelet is slower than the client: keep the client's window closed and stop reading until it drains.
    stdinOwed += data.length();
    session.pause();
    kubelet.drainHandler(v -> on(context, () -> {
      session.resume();
      int owed = stdinOwed;
      stdinOwed = 0;
      stream.consumed(owed);
    }));
  }

  private void sendToKubelet(Buffer message) {
    if (!kubelet.isClosed()) kubelet.writeBinaryMessage(message);
  }

  /** A kubelet message; the socket is paused until the client's streams exist, so they do. */
  private void fromKubelet(Buffer message) {
    if (message.length() == 0 || finished) return;
    Buffer payload = message.getBuffer(1, message.length());
    switch (message.getByte(0)) {
      case STDOUT -> write(Type.STDOUT, payload);
      case STDERR -> write(Type.STDERR, payload);
      case ERROR -> {
        ErrorStreamFormat.format(protocol, payload).ifPresent(b -> write(Type.ERROR, b));
        statusSeen = true;
        finish();
        return;
      }
      default -> { }
    }
    if (session.writeQueueFull()) {
      kubelet.pause();
      session.drainHandler(kubelet::resume);
    }
  }

  private void write(Type type, Buffer data) {
    SpdyStream s = streams.get(type);
    if (s != null) s.write(data);
  }

  /**
   * The kubelet socket closed. Vert.x reports a close at once even while earlier messages wait in the paused
   * socket, so the session ends on the Status that is the kubelet's last message, not on the close; only a kubelet
   * that closes without one (it failed) ends it after a grace period.
   */
  private void kubeletDone() {
    if (kubeletClosed) return;
    kubeletClosed = true;
    if (started) awaitStatus();
    else if (session.isClosed()) cancelTimer();
  }

  private void awaitStatus() {
    if (statusSeen || finished) return;
    kubelet.resume();
    context.owner().setTimer(STATUS_GRACE_MS, t -> finish());
  }

  /** The command is over: EOF on every server half, then GOAWAY once the data is out (upstream: conn.Close()). */
  private void finish() {
    if (finished) return;
    finished = true;
    for (Type t : new Type[] {Type.STDOUT, Type.STDERR, Type.ERROR}) {
      SpdyStream s = streams.get(t);
      if (s != null) s.end();
    }
    session.close();
  }

  private static void on(Context context, Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
  }
}

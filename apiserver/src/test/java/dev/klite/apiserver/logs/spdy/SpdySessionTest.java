package dev.klite.apiserver.logs.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.codec.spdy.SpdyWindowUpdateFrame;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frame session over a real TCP connection, with Netty's SPDY/3.1 codec playing the client: replies, ping
 * echoes, stdin returned to the client's windows once consumed, data and FIN to the client, GOAWAY on close.
 */
class SpdySessionTest {
  private Vertx vertx;
  private NetSocket client;
  private final EmbeddedChannel clientCodec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
  /** Frames the client received, in order (as strings of their interesting parts). */
  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  /** Streams the server saw, with what arrived on them. */
  private final BlockingQueue<SpdyStream> opened = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> serverData = new LinkedBlockingQueue<>();
  private volatile SpdySession session;
  /** The server connection's context: the session is used on it only. */
  private volatile io.vertx.core.Context serverContext;

  @BeforeEach
  void connect() throws Exception {
    vertx = Vertx.vertx();
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      serverContext = Vertx.currentContext();
      session = new SpdySession(socket).streamHandler(stream -> {
        stream.dataHandler(data -> {
          serverData.add(stream.header("streamType") + ":" + data.length());
          stream.consumed(data.length());
        }).endHandler(() -> serverData.add(stream.header("streamType") + ":fin"));
        opened.add(stream);
      });
      session.start();
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = vertx.createNetClient().connect(server.actualPort(), "127.0.0.1").await(10, TimeUnit.SECONDS);
    client.handler(bytes -> {
      synchronized (clientCodec) {
        clientCodec.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
        for (Object o; (o = clientCodec.readInbound()) != null; ) {
          received.add(describe((SpdyFrame) o));
          ReferenceCountUtil.release(o);
        }
      }
    });
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static String describe(SpdyFrame frame) {
    if (frame instanceof SpdySynReplyFrame r) return "SYN_REPLY " + r.streamId();
    if (frame instanceof SpdyPingFrame p) return "PING " + p.id();
    if (frame instanceof SpdyWindowUpdateFrame w) return "WINDOW_UPDATE " + w.streamId() + " " + w.deltaWindowSize();
    if (frame instanceof SpdyGoAwayFrame g) return "GOAWAY " + g.lastGoodStreamId() + " " + g.status();
    if (frame instanceof SpdyDataFrame d) {
      return "DATA " + d.streamId() + " " + d.content().readableBytes() + (d.isLast() ? " FIN" : "");
    }
    return frame.toString();
  }

  private void send(SpdyFrame... frames) {
    Buffer out = Buffer.buffer();
    synchronized (clientCodec) {
      for (SpdyFrame f : frames) clientCodec.writeOutbound(f);
      for (Object o; (o = clientCodec.readOutbound()) != null; ) {
        ByteBuf b = (ByteBuf) o;
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        out.appendBytes(bytes);
      }
    }
    client.write(out);
  }

  private static DefaultSpdySynStreamFrame syn(int id, String type) {
    DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
    syn.headers().set("streamtype", type);
    return syn;
  }

  private String next() throws InterruptedException {
    String frame = received.poll(10, TimeUnit.SECONDS);
    assertThat(frame).as("a frame from the server").isNotNull();
    return frame;
  }

  @Test
  void repliesToStreamsAndEchoesPings() throws Exception {
    send(syn(1, "error"), syn(3, "stdout"));
    assertThat(next()).isEqualTo("SYN_REPLY 1");
    assertThat(next()).isEqualTo("SYN_REPLY 3");
    assertThat(opened.poll(10, TimeUnit.SECONDS).header("streamType")).isEqualTo("error");

    send(new DefaultSpdyPingFrame(7));
    assertThat(next()).isEqualTo("PING 7");
  }

  @Test
  void returnsConsumedDataToTheClientsWindows() throws Exception {
    send(syn(1, "stdin"));
    assertThat(next()).isEqualTo("SYN_REPLY 1");
    // 40 KiB in 10 frames: more than the acknowledgement step (16 KiB), less than the 64 KiB window.
    List<SpdyFrame> data = new ArrayList<>();
    for (int i = 0; i < 10; i++) data.add(new DefaultSpdyDataFrame(1, Unpooled.wrappedBuffer(new byte[4096])));
    send(data.toArray(SpdyFrame[]::new));
    List<String> updates = new ArrayList<>();
    int returned = 0;
    while (returned < 32 * 1024) {
      String frame = next();
      updates.add(frame);
      if (frame.startsWith("WINDOW_UPDATE 1 ")) returned += Integer.parseInt(frame.substring(16));
    }
    assertThat(updates).allMatch(f -> f.startsWith("WINDOW_UPDATE 1 ") || f.startsWith("WINDOW_UPDATE 0 "));
    assertThat(updates).anyMatch(f -> f.startsWith("WINDOW_UPDATE 0 "));
    send(new DefaultSpdyDataFrame(1).setLast(true));
    String last = null;
    for (String s; (s = serverData.poll(10, TimeUnit.SECONDS)) != null; ) {
      last = s;
      if (s.endsWith("fin")) break;
    }
    assertThat(last).isEqualTo("stdin:fin");
  }

  @Test
  void sendsDataThenFinThenGoAway() throws Exception {
    send(syn(1, "stdout"));
    assertThat(next()).isEqualTo("SYN_REPLY 1");
    SpdyStream stdout = opened.poll(10, TimeUnit.SECONDS);
    serverContext.runOnContext(v -> {
      stdout.write(Buffer.buffer(new byte[40_000]));
      stdout.end();
      session.close();
    });
    // All of it, without waiting for the client's window (spdystream never opens it), then the FIN, then GOAWAY.
    int bytes = 0;
    String frame;
    while (!(frame = next()).endsWith("FIN")) {
      assertThat(frame).startsWith("DATA 1 ");
      bytes += Integer.parseInt(frame.substring(7));
    }
    assertThat(bytes).isEqualTo(40_000);
    assertThat(frame).isEqualTo("DATA 1 0 FIN");
    assertThat(next()).isEqualTo("GOAWAY 1 OK");
  }
}

package dev.klite.kubelet.exec;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A channel-protocol WebSocket client for tests: collects every message until the server closes. */
public final class ExecClient implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** What one exec produced: bytes per channel and the close code. */
  public record Result(String stdout, String stderr, String status, Short closeCode, String protocol) {}

  private final WebSocketClient client;
  final WebSocket ws;
  private final BlockingQueue<Buffer> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  final BlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();

  private ExecClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.binaryMessageHandler(messages::add);
    ws.pongHandler(pongs::add);
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  public static ExecClient connect(Vertx vertx, int port, String uri, String token, List<String> protocols)
      throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
        .setSubProtocols(protocols);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    try {
      // The handlers go on in the connect's own callback, on the event loop: installed later from this thread, they
      // could miss a short command's whole output and close (and setting them on a closed socket throws).
      return client.connect(options).map(ws -> new ExecClient(client, ws)).toCompletionStage().toCompletableFuture()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      client.close();
      throw e;
    }
  }

  /** The upgrade refusal (status and body) of a request that is expected to be refused. */
  public static UpgradeRejectedException rejected(Vertx vertx, int port, String uri, String token) throws Exception {
    try (ExecClient c = connect(vertx, port, uri, token, List.of("v5.channel.k8s.io"))) {
      throw new AssertionError("upgrade was accepted");
    } catch (java.util.concurrent.ExecutionException e) {
      return (UpgradeRejectedException) e.getCause();
    }
  }

  public void send(int stream, String data) {
    ws.writeBinaryMessage(Buffer.buffer().appendByte((byte) stream).appendString(data));
  }

  public void closeStdin() {
    ws.writeBinaryMessage(Buffer.buffer(new byte[] {(byte) 255, 0}));
  }

  /** Collects messages until the server closes the socket. */
  public Result await() throws Exception {
    Short code = closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    ByteArrayOutputStream[] channels = {new ByteArrayOutputStream(), new ByteArrayOutputStream(),
        new ByteArrayOutputStream(), new ByteArrayOutputStream()};
    for (Buffer b = messages.poll(); b != null; b = messages.poll()) {
      channels[b.getByte(0)].write(b.getBytes(1, b.length()));
    }
    return new Result(channels[1].toString(StandardCharsets.UTF_8), channels[2].toString(StandardCharsets.UTF_8),
        channels[3].toString(StandardCharsets.UTF_8), code, ws.subProtocol());
  }

  /** Waits for stdout to contain {@code text}; returns everything received on stdout so far. */
  public String awaitStdout(String text) throws Exception {
    StringBuilder out = new StringBuilder();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!out.toString().contains(text)) {
      Buffer b = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (b == null) {
        throw new AssertionError("no \"" + text + "\" on stdout; got: " + out);
      }
      if (b.getByte(0) == 1) {
        out.append(b.getString(1, b.length()));
      }
    }
    return out.toString();
  }

  @Override
  public void close() throws Exception {
    if (ws != null && !ws.isClosed()) {
      ws.close();
    }
    client.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}

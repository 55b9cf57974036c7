package dev.klite.kubelet.exec;

import dev.klite.kubelet.logs.CriLogReader;
import dev.klite.kubelet.logs.LogOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attach ({@code pkg/kubelet/cri/streaming/remotecommand/attach.go} ServeAttach) over the channel protocol: what
 * the container writes from now on is streamed from its log file (stdout and stderr both on channel 1: the log keeps
 * the stream of each line, but the reader merges them), and client input on channel 0 goes to the container's open
 * stdin ({@code stdin: true}). Ends with a Success Status and close 1000 when the container exits; a client leaving
 * (or closing stdin with {@code [255, 0]}) closes the container's stdin when it is {@code stdinOnce}. Work runs on
 * {@code blocking}; event-loop handlers only enqueue. For a container with {@code tty: true} the stream is the
 * terminal's output (stdout and stderr are one) and resize messages on channel 4 set the terminal's size, whether or
 * not the client asked for a tty: the container's spec decides, since a process cannot get or lose its terminal once
 * started (pkg/kubelet/kubelet_pods.go GetAttach).
 */
final class AttachSession {
  private static final Logger log = LoggerFactory.getLogger(AttachSession.class);
  private static final byte[] EOF = new byte[0];

  private final ServerWebSocket ws;
  private final ExecTarget target;
  private final ExecOptions options;
  private final ExecutorService blocking;
  private final ChannelWriter writer;
  /** Client input (byte[]) and resizes (Runnable), applied in the order they came. */
  private final BlockingQueue<Object> input = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> left = new CompletableFuture<>();
  private final long from;

  /** The current length of the target's log file, 0 when it has none (yet). */
  static long logSize(ExecTarget target) {
    try {
      return target.logFile() == null ? 0 : java.nio.file.Files.size(target.logFile());
    } catch (IOException e) {
      return 0;
    }
  }

  /** @param from the byte offset of the container's log file where the output to stream starts */
  AttachSession(ServerWebSocket ws, ExecTarget target, ExecOptions options, ExecutorService blocking, long from) {
    this.from = from;
    this.ws = ws;
    this.target = target;
    this.options = options;
    this.blocking = blocking;
    this.writer = new ChannelWriter(ws);
  }

  /** Installs the socket's handlers and starts streaming. On the event loop; does not block. */
  void start() {
    ws.binaryMessageHandler(this::onMessage);
    ws.closeHandler(v -> gone());
    ws.exceptionHandler(e -> gone());
    if (options.stdin() && target.stdin() != null) {
      blocking.execute(this::feed);
    }
    blocking.execute(this::stream);
  }

  private void onMessage(Buffer message) {
    if (message.length() == 0) {
      return;
    }
    byte stream = message.getByte(0);
    if (stream == ExecSession.STDIN) {
      input.offer(message.getBytes(1, message.length()));
    } else if (stream == ExecSession.CLOSE && message.length() >= 2 && message.getByte(1) == ExecSession.STDIN) {
      input.offer(EOF);
    } else if (stream == ExecSession.RESIZE && target.tty()) {
      resize(message);
    }
  }

  private void resize(Buffer message) {
    try {
      io.vertx.core.json.JsonObject size = new io.vertx.core.json.JsonObject(message.getBuffer(1, message.length()));
      int width = size.getInteger("Width", 0);
      int height = size.getInteger("Height", 0);
      Runnable apply = () -> ProcessHandle.of(target.pid()).ifPresent(p -> TerminalSize.apply(p, width, height));
      if (options.stdin() && target.stdin() != null) {
        input.offer(apply);
      } else {
        blocking.execute(apply);
      }
    } catch (RuntimeException e) {
      log.debug("ignoring malformed resize message: {}", e.toString());
    }
  }

  private void gone() {
    writer.gone();
    input.offer(EOF);
    left.complete(null);
  }

  private void feed() {
    OutputStream stdin = target.stdin();
    try {
      while (true) {
        Object next = input.take();
        if (next == EOF) {
          break;
        }
        if (next instanceof Runnable resize) {
          resize.run();
          continue;
        }
        byte[] data = (byte[]) next;
        synchronized (stdin) {
          stdin.write(data);
          stdin.flush();
        }
      }
      if (target.stdinOnce()) {
        stdin.close();
      }
    } catch (IOException e) {
      log.debug("container stdin closed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stream() {
    CompletableFuture<Object> stop = CompletableFuture.anyOf(target.exited(), left);
    try {
      if ((options.stdout() || options.stderr()) && target.logFile() != null) {
        CriLogReader.follow(target.logFile(), from, new LogOptions(true, false, -1, null, false, -1),
            data -> writer.send(ChannelWriter.STDOUT, data, data.length), stop);
      } else {
        stop.join();
      }
    } catch (IOException e) {
      log.debug("attach output ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    input.offer(EOF);
    writer.finish(ExecStatus.success());
  }
}

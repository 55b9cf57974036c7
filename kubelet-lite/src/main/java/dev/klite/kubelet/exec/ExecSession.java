package dev.klite.kubelet.exec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec over an upgraded WebSocket in the channel protocol ({@code v4}/{@code v5.channel.k8s.io}, see
 * {@code staging/src/k8s.io/apimachinery/pkg/util/httpstream/wsstream/conn.go}): every binary message starts with
 * the stream id (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); {@code [255, 0]} closes stdin (v5). The process
 * and its streams are served on {@code blocking} threads; event-loop handlers only enqueue. When the process ends its
 * output is drained, one Status goes on channel 3 and the socket is closed with 1000. A client that goes away, or
 * the container exiting, kills the exec'd processes.
 */
final class ExecSession {
  private static final Logger log = LoggerFactory.getLogger(ExecSession.class);
  static final byte STDIN = 0;
  static final byte STDOUT = 1;
  static final byte STDERR = 2;
  static final byte RESIZE = 4;
  static final byte CLOSE = (byte) 255;
  private static final byte[] EOF = new byte[0];
  private static final long DRAIN_SECONDS = 5;

  private final ServerWebSocket ws;
  private final ExecTarget target;
  private final ExecOptions options;
  private final ExecutorService blocking;
  /** stdin data ({@code byte[]}, {@link #EOF}) and resizes, in arrival order: a resize applies before later input. */
  private final BlockingQueue<Object> stdin = new LinkedBlockingQueue<>();
  private volatile Process process;
  private volatile boolean clientGone;
  private final ChannelWriter writer;

  ExecSession(ServerWebSocket ws, ExecTarget target, ExecOptions options, ExecutorService blocking) {
    this.ws = ws;
    this.target = target;
    this.options = options;
    this.blocking = blocking;
    this.writer = new ChannelWriter(ws);
  }

  /** Installs the socket's handlers and starts the command. On the event loop; does not block. */
  void start() {
    ws.binaryMessageHandler(this::onMessage);
    ws.closeHandler(v -> gone());
    ws.exceptionHandler(e -> {
      log.debug("exec socket failed: {}", e.toString());
      gone();
    });
    blocking.execute(this::run);
  }

  private void onMessage(Buffer message) {
    if (message.length() == 0) {
      return;
    }
    byte stream = message.getByte(0);
    if (stream == STDIN && options.stdin()) {
      stdin.offer(message.getBytes(1, message.length()));
    } else if (stream == CLOSE && message.length() >= 2 && message.getByte(1) == STDIN) {
      stdin.offer(EOF);
    } else if (stream == RESIZE && options.tty()) {
      try {
        JsonObject size = new JsonObject(message.getBuffer(1, message.length()));
        int width = size.getInteger("Width", 0);
        int height = size.getInteger("Height", 0);
        Runnable resize = () -> TerminalSize.apply(process, width, height);
        if (options.stdin()) {
          stdin.offer(resize);
        } else {
          blocking.execute(resize);
        }
      } catch (RuntimeException e) {
        log.debug("ignoring malformed resize message: {}", e.toString());
      }
    }
  }

  /** The client closed or failed (event loop): stop feeding, and kill the command on a worker (it scans /proc). */
  private void gone() {
    clientGone = true;
    writer.gone();
    stdin.offer(EOF);
    try {
      blocking.execute(this::kill);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The kubelet is closing: its pool is gone, so kill here.
      kill();
    }
  }

  private void run() {
    ExecCommand.awaitLaunched(target, java.time.Duration.ofSeconds(10));
    Optional<String> missing = ExecCommand.missingExecutable(target, options.command().get(0));
    if (missing.isPresent()) {
      // How containerd/runc report it (kubectl prints it after "Internal error occurred:").
      writer.finish(ExecStatus.internalError("failed to exec in container: failed to start exec \"" + execId()
          + "\": OCI runtime exec failed: exec failed: unable to start container process: " + missing.get()
          + ": unknown"));
      return;
    }
    ProcessBuilder pb = new ProcessBuilder(ExecCommand.argv(target, options))
        .directory(ExecCommand.hostDir(target).toFile());
    pb.environment().clear();
    pb.environment().putAll(target.env());
    if (!options.stdin()) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    boolean stdout = options.stdout();
    if (!stdout) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    if (options.tty()) {
      pb.redirectErrorStream(true);
    } else if (!options.stderr()) {
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      writer.finish(ExecStatus.internalError("failed to exec in container: " + e.getMessage()));
      return;
    }
    process = p;
    if (clientGone) {
      kill();
    }
    target.exited().whenComplete((v, e) -> kill());
    CompletableFuture<Void> out = stdout ? pump(p.getInputStream(), STDOUT) : CompletableFuture.completedFuture(null);
    CompletableFuture<Void> err = options.stderr() && !options.tty() ? pump(p.getErrorStream(), STDERR)
        : CompletableFuture.completedFuture(null);
    if (options.stdin()) {
      blocking.execute(() -> feed(p.getOutputStream()));
    }
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      return;
    } finally {
      stdin.offer(EOF);
    }
    try {
      CompletableFuture.allOf(out, err).get(DRAIN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      log.debug("exec output not fully drained: {}", e.toString());
    }
    writer.finish(code == 0 ? ExecStatus.success() : ExecStatus.exitCode(code));
  }

  private CompletableFuture<Void> pump(InputStream in, byte stream) {
    ChannelWriter out = writer;
    return CompletableFuture.runAsync(() -> {
      byte[] buf = new byte[32 * 1024];
      try (in) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          if (n > 0 && !out.send(stream, buf, n)) {
            return;
          }
        }
      } catch (IOException e) {
        log.debug("exec stream {} ended: {}", stream, e.toString());
      }
    }, blocking);
  }

  private void feed(OutputStream out) {
    try (out) {
      while (true) {
        Object next = stdin.take();
        if (next == EOF) {
          return;
        }
        if (next instanceof Runnable resize) {
          resize.run();
        } else {
          out.write((byte[]) next);
          out.flush();
        }
      }
    } catch (IOException e) {
      log.debug("exec stdin closed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static String execId() {
    byte[] id = new byte[32];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}

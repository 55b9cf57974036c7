package dev.klite.kubelet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running container instance of {@link LocalProcessRuntime}. */
final class LocalProcess extends SignalledContainer {
  private static final Logger log = LoggerFactory.getLogger(LocalProcess.class);

  private final String id;
  private final Process process;
  /** The container's first process inside a nested session (see ContainerSpec#nestedSession), else 0. */
  private final long innerPid;
  private final CriLogWriter writer;
  /** The pipe to the container's stdin ({@code stdin: true}), or null. */
  private volatile java.io.OutputStream stdin;
  private CompletableFuture<Void> stdoutPump;
  private CompletableFuture<Void> stderrPump;

  LocalProcess(String id, Process process, long innerPid, Instant startedAt, CriLogWriter writer,
      LocalProcessRuntime runtime) {
    super(runtime, startedAt);
    this.id = id;
    this.process = process;
    this.innerPid = innerPid;
    this.writer = writer;
  }

  void startPumps(int n) {
    stdoutPump = LocalProcessRuntime.runAsyncDaemon("kubelet-log-" + n + "-stdout",
        () -> pump(process.getInputStream(), "stdout"));
    stderrPump = LocalProcessRuntime.runAsyncDaemon("kubelet-log-" + n + "-stderr",
        () -> pump(process.getErrorStream(), "stderr"));
    process.onExit().thenRunAsync(this::reap, runtime.reapers());
  }

  private void pump(InputStream in, String stream) {
    try (in) {
      writer.pump(in, stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs once the main process has exited: clean up the rest of the container, drain the logs, report. */
  private void reap() {
    Instant finishedAt = runtime.clock().instant();
    int code = process.exitValue();
    // Like a PID namespace whose init died: nothing of the container may outlive its main process.
    runtime.signal(process, innerPid, "KILL");
    java.io.OutputStream in = stdin;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        log.debug("closing stdin of container {}: {}", id, e.getMessage());
      }
    }
    long group = innerPid != 0 ? innerPid : process.pid();
    if (runtime.usesProcessGroups() && !ProcessGroups.awaitEmpty(group, Duration.ofSeconds(5))) {
      log.warn("container {}: processes of group {} survived SIGKILL", id, group);
    }
    CompletableFuture.allOf(stdoutPump, stderrPump)
        .orTimeout(runtime.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((v, err) -> {
          if (err != null && !(err instanceof TimeoutException)) {
            log.debug("log pump of container {} ended with an error", id, err);
          } else if (err instanceof TimeoutException) {
            log.warn("container {}: output pipe still held open by an escaped process; log may be incomplete", id);
          }
          try {
            writer.close();
          } catch (IOException e) {
            log.warn("closing log file of container {} failed: {}", id, e.getMessage());
          }
          exit.complete(new ContainerExit(code, exitSignal(code), startedAt, finishedAt));
        });
  }

  @Override
  public String id() {
    return id;
  }

  /** Keeps the process's stdin pipe open for attach (otherwise the JVM's end is never written). */
  void keepStdin() {
    stdin = process.getOutputStream();
  }

  @Override
  public java.util.Optional<java.io.OutputStream> stdin() {
    return java.util.Optional.ofNullable(stdin);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public long namespacePid() {
    return innerPid != 0 ? innerPid : process.pid();
  }

  @Override
  protected void signal(String signal) {
    runtime.signal(process, innerPid, signal);
  }

  @Override
  protected boolean mayRun() {
    return process.isAlive();
  }
}

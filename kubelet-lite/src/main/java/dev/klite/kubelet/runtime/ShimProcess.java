package dev.klite.kubelet.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container instance supervised by klite-shim (see {@code klite-shim.pl}): the shim, not the kubelet, is the
 * container's parent, owns its output and records its exit, so this handle works the same for an instance this
 * kubelet started and for one an earlier kubelet process started (adopted, as the kubelet's kuberuntime finds
 * running containers through the CRI after a restart). The exit is taken from the shim's exit file. A container with
 * {@code stdin: true} reads a FIFO the shim made ({@link ShimStdin}); attach writes into it, also after an adoption.
 */
final class ShimProcess extends SignalledContainer {
  private static final Logger log = LoggerFactory.getLogger(ShimProcess.class);
  /** How often an adopted instance (not our child: no exit notification) is checked. */
  private static final Duration ADOPTED_POLL = Duration.ofMillis(200);

  private final ShimFiles.State state;
  private final Path base;
  private volatile ScheduledFuture<?> poll;
  /** The write end of the container's stdin FIFO, or null when it has none (or it was closed for good). */
  private volatile ShimStdin stdin;

  ShimProcess(ShimFiles.State state, Path base, Instant startedAt, LocalProcessRuntime runtime) {
    super(runtime, startedAt);
    this.state = state;
    this.base = base;
  }

  /**
   * Opens the write end of the container's stdin FIFO, if the shim made one and has not closed it for good (stdinOnce).
   * Blocking file I/O; never waits for the container.
   */
  void openStdin() {
    stdin = ShimStdin.open(base, this::releaseStdin).orElse(null);
  }

  /** stdinOnce: the shim drops its write end of the FIFO and removes it (SIGUSR1, see klite-shim.pl). */
  private void releaseStdin() {
    if (!exit.isDone() && ShimFiles.shimAlive(state.shimPid(), base)) {
      runtime.signalShim(state.shimPid(), "USR1");
    }
  }

  /** Closes this process's write end of the stdin FIFO only (the kubelet is going away without stopping anything). */
  void detachStdin() {
    ShimStdin in = stdin;
    if (in != null) {
      in.detach();
    }
  }

  /** For an instance this runtime started: its shim is our child, and its exit ends the instance. */
  void watch(Process shim) {
    shim.onExit().thenRunAsync(() -> complete(runtime.clock().instant()), runtime.reapers());
  }

  /**
   * For an adopted instance: completes from the exit file once it appears, or as lost when the shim is gone without
   * one (killed, or its node rebooted).
   */
  void poll() {
    if (!ShimFiles.shimAlive(state.shimPid(), base)) {
      complete(null);
      return;
    }
    poll = runtime.timers().scheduleWithFixedDelay(() -> {
      if (ShimFiles.exit(base).toFile().exists() || !ShimFiles.shimAlive(state.shimPid(), base)) {
        complete(null);
      }
    }, ADOPTED_POLL.toMillis(), ADOPTED_POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** @param observedAt when this runtime saw the shim exit, or null to take the shim's own record */
  private void complete(Instant observedAt) {
    if (exit.isDone()) {
      return;
    }
    ScheduledFuture<?> p = poll;
    if (p != null) {
      p.cancel(false);
    }
    ContainerExit result = ShimFiles.readExit(base).map(e -> {
      int code = e.exitCode();
      return new ContainerExit(code, exitSignal(code), startedAt, observedAt != null ? observedAt : e.finishedAt());
    }).orElseGet(() -> {
      log.warn("container {}: its shim (pid {}) is gone without recording an exit status", state.id(),
          state.shimPid());
      killLeftovers();
      return ContainerExit.lost(startedAt, runtime.clock().instant());
    });
    // Ends a write that waits for room in the FIFO of a container that no longer reads it.
    detachStdin();
    exit.complete(result);
  }

  /**
   * A container reported lost must not go on running next to the instance that replaces it (nothing runs twice): its
   * process group is killed if its main process is still the one the shim started (not a recycled pid).
   */
  private void killLeftovers() {
    long leader = state.innerPid() != 0 ? state.innerPid() : state.pid();
    boolean ours = ProcessHandle.of(leader).flatMap(h -> h.info().startInstant())
        .map(t -> !t.isAfter(state.startedAt().plusSeconds(5))).orElse(false);
    if (ours) {
      runtime.signal(state.pid(), state.innerPid(), "KILL");
    }
  }

  @Override
  public String id() {
    return state.id();
  }

  @Override
  public long pid() {
    return state.pid();
  }

  @Override
  public long namespacePid() {
    return state.innerPid() != 0 ? state.innerPid() : state.pid();
  }

  @Override
  public java.util.Optional<java.io.OutputStream> stdin() {
    ShimStdin in = stdin;
    return in == null || in.isClosed() ? java.util.Optional.empty() : java.util.Optional.of(in);
  }

  @Override
  protected void signal(String signal) {
    runtime.signal(state.pid(), state.innerPid(), signal);
  }

  @Override
  protected boolean mayRun() {
    // Not our child (or not only): whether it still runs shows only in the shim's exit record.
    return true;
  }
}

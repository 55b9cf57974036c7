package dev.klite.kubelet.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every container instance of {@link LocalProcessRuntime} shares, whoever its parent is: graceful termination
 * (SIGTERM, SIGKILL after the grace period, as the CRI's StopContainer), kill, and reading "killed by a signal" from
 * an exit code only when this kubelet sent that signal.
 */
abstract class SignalledContainer implements ContainerHandle {
  private static final Logger log = LoggerFactory.getLogger(SignalledContainer.class);
  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;

  protected final LocalProcessRuntime runtime;
  protected final Instant startedAt;
  protected final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
  private final AtomicBoolean terminating = new AtomicBoolean();
  /** The strongest signal sent so far (0 none, 15 TERM, 9 KILL): reported when the exit code says "by signal". */
  private final AtomicInteger sentSignal = new AtomicInteger();

  SignalledContainer(LocalProcessRuntime runtime, Instant startedAt) {
    this.runtime = runtime;
    this.startedAt = startedAt;
  }

  /** Sends {@code signal} (a kill(1) name) to the container's processes. */
  protected abstract void signal(String signal);

  /** Whether the main process may still run (signals to a dead one are pointless). */
  protected abstract boolean mayRun();

  /** The signal number behind an exit code of 128+n, when it is one this kubelet sent; else 0. */
  protected final int exitSignal(int code) {
    int sent = sentSignal.get();
    return code > 128 && (code - 128 == SIGTERM || code - 128 == SIGKILL) && sent != 0 ? code - 128 : 0;
  }

  @Override
  public final Instant startedAt() {
    return startedAt;
  }

  @Override
  public final CompletableFuture<ContainerExit> onExit() {
    return exit;
  }

  @Override
  public final CompletableFuture<ContainerExit> terminate(Duration gracePeriod) {
    if (exit.isDone() || !terminating.compareAndSet(false, true)) {
      return exit;
    }
    if (gracePeriod.isZero() || gracePeriod.isNegative()) {
      return kill();
    }
    sentSignal.compareAndSet(0, SIGTERM);
    signal("TERM");
    runtime.timers().schedule(() -> {
      if (!exit.isDone() && mayRun()) {
        log.debug("container {} still running after {} grace: SIGKILL", id(), gracePeriod);
        kill();
      }
    }, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    return exit;
  }

  @Override
  public final CompletableFuture<ContainerExit> kill() {
    if (!exit.isDone() && mayRun()) {
      sentSignal.set(SIGKILL);
      signal("KILL");
    }
    return exit;
  }
}

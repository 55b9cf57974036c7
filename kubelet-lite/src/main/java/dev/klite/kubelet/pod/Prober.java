package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The probe workers of one container instance ({@code pkg/kubelet/prober/worker.go}): one per configured probe,
 * probing at once and then every periodSeconds, skipping until initialDelaySeconds passed since the container
 * started, and (for liveness and readiness) until the startup probe succeeded. A result changes only after
 * successThreshold consecutive successes or failureThreshold consecutive failures; a liveness or startup failure puts
 * the worker on hold (the container gets restarted, a new instance gets new workers); a startup success ends
 * startup probing. Every failed attempt is reported (the {@code Unhealthy} event). Results go to {@link Listener},
 * which must hand them to the pod's serial executor. Probe actions run on a shared pool of daemon threads so that a
 * slow exec probe never delays pod workers or timers.
 */
final class Prober {
  private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubelet-prober");
    t.setDaemon(true);
    return t;
  });

  enum Type {
    LIVENESS("Liveness"), READINESS("Readiness"), STARTUP("Startup");

    final String label;

    Type(String label) {
      this.label = label;
    }
  }

  /** Receives probe outcomes; called on probe threads. */
  interface Listener {
    /** One probe attempt failed; {@code output} is the failure message. */
    void failed(Type type, String output);

    /** The probe's result changed after its threshold was reached. */
    void resultChanged(Type type, boolean success);
  }

  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();

  /**
   * Starts the workers of the probes that are set.
   *
   * @param startedAt when the container instance started (for initialDelaySeconds)
   */
  Prober(Probe liveness, Probe readiness, Probe startup, ProbeCheck.Target target, Instant startedAt, Clock clock,
      ScheduledExecutorService scheduler, Listener listener) {
    started.set(startup == null);
    add(Type.STARTUP, startup, target, startedAt, clock, scheduler, listener, () -> true);
    add(Type.LIVENESS, liveness, target, startedAt, clock, scheduler, listener, started::get);
    add(Type.READINESS, readiness, target, startedAt, clock, scheduler, listener, started::get);
  }

  private void add(Type type, Probe probe, ProbeCheck.Target target, Instant startedAt, Clock clock,
      ScheduledExecutorService scheduler, Listener listener, BooleanSupplier enabled) {
    if (probe == null) {
      return;
    }
    Worker w = new Worker(type, probe, target, startedAt, clock, listener, enabled);
    long period = TimeUnit.SECONDS.toMillis(Math.max(1, value(probe.getPeriodSeconds(), 10)));
    try {
      tasks.add(scheduler.scheduleAtFixedRate(w::tick, 0, period, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      // The kubelet is shutting down.
    }
  }

  /** Stops every worker (container exited or is being killed). */
  void stop() {
    stopped.set(true);
    tasks.forEach(t -> t.cancel(false));
  }

  private static int value(Integer v, int dflt) {
    return v == null ? dflt : v;
  }

  private final class Worker {
    private final Type type;
    private final Probe probe;
    private final ProbeCheck.Target target;
    private final Instant startedAt;
    private final Clock clock;
    private final Listener listener;
    private final BooleanSupplier enabled;
    private final AtomicBoolean busy = new AtomicBoolean();
    private Boolean lastResult;
    private int resultRun;
    private boolean onHold;
    private boolean done;

    Worker(Type type, Probe probe, ProbeCheck.Target target, Instant startedAt, Clock clock, Listener listener,
        BooleanSupplier enabled) {
      this.type = type;
      this.probe = probe;
      this.target = target;
      this.startedAt = startedAt;
      this.clock = clock;
      this.listener = listener;
      this.enabled = enabled;
    }

    /** On the timer thread: hand one attempt to the probe pool unless the previous one still runs. */
    void tick() {
      if (stopped.get() || !busy.compareAndSet(false, true)) {
        return;
      }
      try {
        PROBES.execute(() -> {
          try {
            probeOnce();
          } finally {
            busy.set(false);
          }
        });
      } catch (RejectedExecutionException e) {
        busy.set(false);
      }
    }

    private void probeOnce() {
      if (onHold || done || stopped.get() || !enabled.getAsBoolean()) {
        return;
      }
      Duration sinceStart = Duration.between(startedAt, clock.instant());
      if (sinceStart.getSeconds() < value(probe.getInitialDelaySeconds(), 0)) {
        return;
      }
      ProbeCheck.Result r = ProbeCheck.run(probe, target);
      if (stopped.get()) {
        return;
      }
      if (!r.success()) {
        listener.failed(type, r.output());
      }
      if (Boolean.valueOf(r.success()).equals(lastResult)) {
        resultRun++;
      } else {
        lastResult = r.success();
        resultRun = 1;
      }
      int threshold = r.success() ? value(probe.getSuccessThreshold(), 1) : value(probe.getFailureThreshold(), 3);
      if (resultRun < threshold) {
        return;
      }
      if (type == Type.STARTUP && r.success()) {
        done = true;
        started.set(true);
      }
      listener.resultChanged(type, r.success());
      if (!r.success() && type != Type.READINESS) {
        onHold = true;
        resultRun = 0;
      }
    }
  }
}

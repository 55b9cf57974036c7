package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.ContainerHandle;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A pod worker's container lifecycle hooks ({@code pkg/kubelet/kuberuntime/kuberuntime_container.go} startContainer
 * and killContainer). postStart runs right after the start; until it returns the container is reported waiting in
 * ContainerCreating, and a failure is a {@code FailedPostStartHook} Warning event followed by killing the container
 * ({@code Killing} event with message {@code FailedPostStartHook}), after which the restart policy decides. Every
 * stop goes through {@link #stop}: the {@code Killing} event, then preStop within the grace period (a failure is a
 * {@code FailedPreStopHook} Warning event), then SIGTERM with what is left of the grace period, at least 2 s
 * (minimumGracePeriodInSeconds), and SIGKILL after that. Handlers run on hook threads; results come back to the
 * worker's serial executor.
 */
final class ContainerHooks {
  static final Duration MIN_GRACE = Duration.ofSeconds(2);
  private static final ExecutorService HOOK_THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "kubelet-lifecycle-hook");
    t.setDaemon(true);
    return t;
  });

  private final PodWorkerContext ctx;
  private final Executor serial;
  private final Supplier<Pod> pod;
  private final Runnable sync;
  private final Supplier<Duration> podGrace;
  private final BooleanSupplier isolated;

  /** @param isolated whether containers run in the pod's namespaces (exec handlers enter them) */
  ContainerHooks(PodWorkerContext ctx, Executor serial, Supplier<Pod> pod, Runnable sync,
      Supplier<Duration> podGrace, BooleanSupplier isolated) {
    this.isolated = isolated;
    this.ctx = ctx;
    this.serial = serial;
    this.pod = pod;
    this.sync = sync;
    this.podGrace = podGrace;
  }

  /** Runs the postStart hook of a just-started container, if it has one. On the serial executor. */
  void postStart(ContainerRecord r, ContainerHandle h) {
    LifecycleHandler handler = handler(r, true);
    if (handler == null) {
      return;
    }
    r.postStartRunning = true;
    Pod p = pod.get();
    ProbeCheck.Target target = target(r, h);
    CompletableFuture.supplyAsync(() -> LifecycleHandlers.run(handler, target, p, null), HOOK_THREADS)
        .whenComplete((outcome, err) -> serial.execute(() -> {
          if (r.handle != h) {
            return;
          }
          r.postStartRunning = false;
          String error = err != null ? "Cannot run handler: " + err : outcome.error();
          if (error != null) {
            ctx.events().record(pod.get(), PodWorker.fieldPath(r), EventRecorder.WARNING, "FailedPostStartHook",
                error);
            stop(r, podGrace.get(), "FailedPostStartHook");
          }
          sync.run();
        }));
  }

  /**
   * Stops the running instance of {@code r} once (a second call for the same instance does nothing).
   *
   * @param message the Killing event's message, null for {@code Stopping container <name>}
   */
  void stop(ContainerRecord r, Duration grace, String message) {
    ContainerHandle h = r.handle;
    if (h == null || r.stopping == h) {
      return;
    }
    r.stopping = h;
    ContainerProbes.stop(r);
    Pod p = pod.get();
    String fieldPath = PodWorker.fieldPath(r);
    ctx.events().record(p, fieldPath, EventRecorder.NORMAL, "Killing",
        message != null ? message : "Stopping container " + r.name());
    LifecycleHandler preStop = handler(r, false);
    if (preStop == null || grace.isZero()) {
      h.terminate(grace);
      return;
    }
    Instant begin = ctx.clock().instant();
    ProbeCheck.Target target = target(r, h);
    CompletableFuture.supplyAsync(() -> LifecycleHandlers.run(preStop, target, p, grace), HOOK_THREADS)
        .whenComplete((outcome, err) -> {
          String error = err != null ? "Cannot run handler: " + err : outcome.error();
          if (error != null) {
            serial.execute(() -> ctx.events().record(p, fieldPath, EventRecorder.WARNING, "FailedPreStopHook", error));
          }
          Duration left = grace.minus(Duration.between(begin, ctx.clock().instant()));
          h.terminate(left.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : left);
        });
  }

  private static LifecycleHandler handler(ContainerRecord r, boolean postStart) {
    Lifecycle l = r.spec.getLifecycle();
    if (l == null || r.init) {
      return null;
    }
    return postStart ? l.getPostStart() : l.getPreStop();
  }

  private ProbeCheck.Target target(ContainerRecord r, ContainerHandle h) {
    long pid = isolated.getAsBoolean() ? h.namespacePid() : 0;
    return new ProbeCheck.Target(r.spec, pid, r.env, ctx.hostIP(), r.userArgv);
  }
}

package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.ContainerHandle;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Connects a pod worker's containers to their {@link Prober}s: probe outcomes are handed to the worker's serial
 * executor, where readiness sets the container's {@code ready}, a startup success its {@code started}, and a
 * liveness or startup failure kills the container ({@code pkg/kubelet/kuberuntime/kuberuntime_manager.go}
 * computePodActions) so that the restart policy decides what follows.
 */
final class ContainerProbes {
  private final PodWorkerContext ctx;
  private final Executor serial;
  private final Supplier<Pod> pod;
  private final Runnable sync;
  private final Supplier<Duration> podGrace;
  private final ContainerHooks hooks;

  ContainerProbes(PodWorkerContext ctx, Executor serial, Supplier<Pod> pod, Runnable sync,
      Supplier<Duration> podGrace, ContainerHooks hooks) {
    this.hooks = hooks;
    this.ctx = ctx;
    this.serial = serial;
    this.pod = pod;
    this.sync = sync;
    this.podGrace = podGrace;
  }

  /** Starts the probe workers of a just-started regular container. On the serial executor. */
  void start(ContainerRecord r, ContainerHandle h, boolean inPodNamespaces) {
    var c = r.spec;
    if (r.init || (c.getLivenessProbe() == null && c.getReadinessProbe() == null && c.getStartupProbe() == null)) {
      return;
    }
    String fieldPath = PodWorker.fieldPath(r);
    ProbeCheck.Target target = new ProbeCheck.Target(c, inPodNamespaces ? h.namespacePid() : 0, r.env,
        ctx.hostIP(), r.userArgv, ctx.grpcProber());
    r.prober = new Prober(c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe(), target, h.startedAt(),
        ctx.clock(), ctx.scheduler(), new Prober.Listener() {
          @Override
          public void failed(Prober.Type type, String output) {
            // pkg/kubelet/prober/prober.go: "%s probe failed: %s"
            serial.execute(() -> ctx.events().record(pod.get(), fieldPath, EventRecorder.WARNING, "Unhealthy",
                type.label + " probe failed: " + output));
          }

          @Override
          public void resultChanged(Prober.Type type, boolean success) {
            serial.execute(() -> result(r, h, type, success));
          }
        });
  }

  private void result(ContainerRecord r, ContainerHandle h, Prober.Type type, boolean success) {
    if (r.handle != h) {
      return;
    }
    if (type == Prober.Type.READINESS) {
      r.probeReady = success;
    } else if (type == Prober.Type.STARTUP && success) {
      r.probeStarted = true;
    } else if (!success) {
      String probe = type == Prober.Type.LIVENESS ? "liveness" : "startup";
      var spec = type == Prober.Type.LIVENESS ? r.spec.getLivenessProbe() : r.spec.getStartupProbe();
      // The probe-level terminationGracePeriodSeconds overrides the pod's for probe kills.
      Long grace = spec.getTerminationGracePeriodSeconds();
      hooks.stop(r, grace != null ? Duration.ofSeconds(Math.max(0, grace)) : podGrace.get(),
          "Container " + r.name() + " failed " + probe + " probe, will be restarted");
    }
    sync.run();
  }

  /** Stops the probe workers of a container (it exited or is being stopped). On the serial executor. */
  static void stop(ContainerRecord r) {
    if (r.prober != null) {
      r.prober.stop();
      r.prober = null;
    }
  }
}

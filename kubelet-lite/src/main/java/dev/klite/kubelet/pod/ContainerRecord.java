package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.ContainerExit;
import dev.klite.kubelet.runtime.ContainerHandle;
import dev.klite.kubelet.runtime.Rfc3339;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;

/**
 * What the kubelet knows about one container of a pod across its instances. Mutable; owned by one {@link PodWorker}
 * and touched only on its serial executor.
 */
final class ContainerRecord {
  static final String CONTAINER_CREATING = "ContainerCreating";
  static final String POD_INITIALIZING = "PodInitializing";
  static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
  static final String CREATE_CONTAINER_ERROR = "CreateContainerError";
  static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
  /** kubelet_pods.go convertToAPIContainerStatuses: a container the runtime cannot locate any more. */
  static final String CONTAINER_STATUS_UNKNOWN = "ContainerStatusUnknown";
  static final String LOST_MESSAGE = "The container could not be located when the pod was terminated";

  final Container spec;
  final boolean init;
  /** Instance number of the newest instance (its restartCount and log file name); -1 before the first start. */
  int attempt = -1;
  ContainerHandle handle;
  String containerId;
  String startedAt;
  ContainerStateTerminated terminated;
  /** Exact finish time of {@link #terminated} (the status keeps whole seconds only), for the restart back-off. */
  java.time.Instant finishedAt;
  ContainerStateTerminated lastTerminated;
  String waitingReason;
  String waitingMessage;
  /** The last waiting message an event was sent for, so a repeating failure is reported once. */
  String reportedFailure;
  /** The running instance's cgroup name (see {@link Confinement}), or null. */
  String cgroup;
  /** The prefix that runs a command as the container's user (exec probes and hooks run with it). */
  java.util.List<String> userArgv = java.util.List.of();
  /** The running instance's environment (exec probes run with it). */
  java.util.Map<String, String> env = java.util.Map.of();
  /** Probe workers of the running instance, or null. */
  Prober prober;
  /** Readiness probe result of the running instance (true without a readiness probe). */
  boolean probeReady = true;
  /** Whether the startup probe succeeded (true without one). */
  boolean probeStarted = true;
  /** Where the running instance's launcher writes why it could not start the container, or null. */
  java.nio.file.Path startErrorFile;
  /** The host file bound at the running instance's terminationMessagePath, or null when none is bound. */
  java.nio.file.Path terminationFile;
  /**
   * The running instance's postStart hook has not finished: the kubelet does not report the container running until
   * it has (upstream's SyncPod waits for the hook).
   */
  boolean postStartRunning;
  /** The instance a stop (preStop hook, then SIGTERM) was started for, so that it is stopped only once. */
  ContainerHandle stopping;
  /**
   * An earlier kubelet reported the container running and the runtime could not take it over (it ran without a shim,
   * where perl is missing, or its shim's state file is gone): its processes may still run somewhere.
   */
  boolean strayAfterRestart;

  ContainerRecord(Container spec, boolean init) {
    this.spec = spec;
    this.init = init;
  }

  String name() {
    return spec.getName();
  }

  boolean running() {
    return handle != null;
  }

  boolean neverStarted() {
    return attempt < 0 && terminated == null;
  }

  boolean succeeded() {
    return handle == null && terminated != null && terminated.getExitCode() == 0;
  }

  boolean failed() {
    return handle == null && terminated != null && terminated.getExitCode() != 0;
  }

  /** A new instance was started. */
  void started(ContainerHandle h, String id) {
    if (terminated != null) {
      lastTerminated = terminated;
    }
    terminated = null;
    waitingReason = null;
    waitingMessage = null;
    reportedFailure = null;
    attempt++;
    handle = h;
    containerId = id;
    probeReady = spec.getReadinessProbe() == null || init;
    probeStarted = spec.getStartupProbe() == null || init;
    startedAt = Rfc3339.seconds(h.startedAt());
  }

  /** The running instance ended. Reasons are the runtime's: Completed for 0, Error otherwise. */
  void exited(ContainerExit exit, String message) {
    exited(exit, message, null);
  }

  /** As {@link #exited(ContainerExit, String)} with the runtime's reason (OOMKilled, StartError) when not null. */
  void exited(ContainerExit exit, String message, String reason) {
    handle = null;
    postStartRunning = false;
    stopping = null;
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(exit.exitCode());
    t.setReason(reason != null ? reason : exit.exitCode() == 0 ? "Completed" : "Error");
    if (exit.signal() != 0) {
      t.setSignal(exit.signal());
    }
    if (message != null && !message.isEmpty()) {
      t.setMessage(message);
    }
    t.setStartedAt(Rfc3339.seconds(exit.startedAt()));
    t.setFinishedAt(Rfc3339.seconds(exit.finishedAt()));
    finishedAt = exit.finishedAt();
    t.setContainerID("klite://" + containerId);
    terminated = t;
  }

  /** The runtime could not start an instance: containerd reports such an instance as terminated with 128. */
  void startFailed(String id, String message, java.time.Instant now) {
    finishedAt = now;
    if (terminated != null) {
      lastTerminated = terminated;
    }
    attempt++;
    containerId = id;
    waitingReason = null;
    waitingMessage = null;
    ContainerStateTerminated t = new ContainerStateTerminated();
    t.setExitCode(128);
    t.setReason("StartError");
    t.setMessage(message);
    t.setStartedAt("1970-01-01T00:00:00Z");
    t.setFinishedAt(Rfc3339.seconds(now));
    t.setContainerID("klite://" + id);
    terminated = t;
  }

  /**
   * Takes over what a previous kubelet process reported for this container (its processes died with it). A container
   * that was running is now lost and reported as {@code pkg/kubelet/kubelet_pods.go} convertToAPIContainerStatuses
   * reports a container the runtime no longer knows: terminated, 137, ContainerStatusUnknown.
   */
  void adopt(ContainerStatus old) {
    ContainerState state = old.getState();
    if (state == null) {
      return;
    }
    int restarts = old.getRestartCount() == null ? 0 : old.getRestartCount();
    if (old.getContainerID() != null && old.getContainerID().startsWith("klite://")) {
      containerId = old.getContainerID().substring("klite://".length());
    }
    ContainerStateTerminated previous = old.getLastState() == null ? null : old.getLastState().getTerminated();
    if (state.getTerminated() != null) {
      terminated = state.getTerminated();
      lastTerminated = previous;
      attempt = restarts;
    } else if (state.getRunning() != null) {
      ContainerStateTerminated t = new ContainerStateTerminated();
      t.setExitCode(137);
      t.setReason(CONTAINER_STATUS_UNKNOWN);
      t.setMessage(LOST_MESSAGE);
      t.setContainerID(old.getContainerID());
      terminated = t;
      lastTerminated = previous;
      attempt = restarts;
      finishedAt = java.time.Instant.EPOCH;
      strayAfterRestart = true;
    } else if (previous != null) {
      terminated = previous;
      attempt = restarts;
    }
    if (terminated != null && finishedAt == null && terminated.getFinishedAt() != null) {
      finishedAt = Rfc3339.parse(terminated.getFinishedAt());
    }
    if (terminated != null && finishedAt == null) {
      finishedAt = java.time.Instant.EPOCH;
    }
  }

  /**
   * Takes over instance {@code instance} that an earlier kubelet process started and the runtime still knows (see
   * {@code ContainerRuntime#adopt}); its exit, if it already happened, arrives through the handle like any other.
   * Applied after {@link #adopt(ContainerStatus)}: the reported status may lag behind (the instance was started after
   * the last status write) or call the instance lost, which it is not.
   */
  void adoptInstance(ContainerHandle h, int instance) {
    if (instance > attempt && terminated != null) {
      lastTerminated = terminated;
    }
    terminated = null;
    finishedAt = null;
    waitingReason = null;
    waitingMessage = null;
    strayAfterRestart = false;
    attempt = instance;
    handle = h;
    containerId = h.id();
    probeReady = spec.getReadinessProbe() == null || init;
    probeStarted = spec.getStartupProbe() == null || init;
    startedAt = Rfc3339.seconds(h.startedAt());
  }

  void waiting(String reason, String message) {
    waitingReason = reason;
    waitingMessage = message;
  }

  ContainerStatus toStatus(boolean podHasInitContainers) {
    ContainerStatus s = new ContainerStatus();
    s.setName(spec.getName());
    s.setImage(spec.getImage());
    s.setImageID(spec.getImage() == null ? "" : spec.getImage());
    s.setRestartCount(Math.max(attempt, 0));
    // kubelet_pods.go convertToAPIContainerStatuses with the prober's results: not ready before started.
    s.setStarted(running() && probeStarted);
    s.setReady(running() && probeStarted && probeReady);
    if (containerId != null) {
      s.setContainerID("klite://" + containerId);
    }
    ContainerState state = new ContainerState();
    ContainerState last = new ContainerState();
    if (running() && postStartRunning) {
      s.setStarted(false);
      s.setReady(false);
      state.setWaiting(new ContainerStateWaiting(null, CONTAINER_CREATING));
      last.setTerminated(lastTerminated);
    } else if (running()) {
      state.setRunning(new ContainerStateRunning(startedAt));
      last.setTerminated(lastTerminated);
    } else if (waitingReason != null) {
      state.setWaiting(new ContainerStateWaiting(waitingMessage, waitingReason));
      last.setTerminated(terminated != null ? terminated : lastTerminated);
    } else if (terminated != null) {
      state.setTerminated(terminated);
      last.setTerminated(lastTerminated);
    } else {
      state.setWaiting(new ContainerStateWaiting(null, podHasInitContainers ? POD_INITIALIZING : CONTAINER_CREATING));
    }
    s.setState(state);
    s.setLastState(last);
    return s;
  }
}

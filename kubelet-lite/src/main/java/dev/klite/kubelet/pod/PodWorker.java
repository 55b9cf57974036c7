package dev.klite.kubelet.pod;

import dev.klite.kubelet.exec.ExecTarget;
import dev.klite.kubelet.logs.LogTarget;
import dev.klite.kubelet.runtime.ContainerExit;
import dev.klite.kubelet.runtime.ContainerHandle;
import dev.klite.kubelet.runtime.Rfc3339;
import dev.klite.kubelet.stats.StatsSource;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The per-pod state machine (upstream {@code pkg/kubelet/pod_workers.go} + {@code kubelet.go} SyncPod, much
 * reduced). Level-triggered: every input (pod update, container exit, timer) leads to one {@link #sync()} on the
 * pod's serial executor, which compares what should run with what runs, acts, and writes the status if it changed.
 */
final class PodWorker {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);
  private static final Duration RETRY = Duration.ofSeconds(2);
  /**
   * How often the files of configMap, secret, downwardAPI and projected volumes are refreshed while containers run
   * (upstream resyncs every pod each minute, with a cache TTL on top; shorter here, as GETs to klite are cheap).
   */
  static final Duration VOLUME_RESYNC = Duration.ofSeconds(10);

  private final PodWorkerContext ctx;
  private final SerialExecutor serial;
  private final String uid;
  private final List<ContainerRecord> inits = new ArrayList<>();
  private final List<ContainerRecord> regulars = new ArrayList<>();
  private final RestartBackoff backoff;
  private final ContainerLauncher launcher;
  private final PodSandbox sandbox;
  private final Confinement confinement;
  private final ContainerProbes probes;
  private final ContainerHooks hooks;
  private Pod pod;
  private boolean setUp;
  private Instant startTime;
  private PodStatus lastWritten;
  private boolean removed;
  private boolean killRequested;
  private boolean deadlineExceeded;
  private boolean volumeResyncArmed;
  /** The activeDeadlineSeconds a timer is armed for, or null. */
  private Long armedDeadline;
  private boolean terminal;
  private volatile boolean finished;
  private boolean shuttingDown;
  /** What the endpoint reads from other threads (see {@link PodViews}), rebuilt after every sync. */
  private volatile Map<String, LogTarget> logTargets = Map.of();
  private volatile Map<String, ExecTarget> execTargets = Map.of();
  private volatile Optional<StatsSource.Pod> statsView = Optional.empty();

  PodWorker(PodWorkerContext ctx, Pod pod) {
    this.ctx = ctx;
    this.serial = new SerialExecutor(ctx.executor());
    this.pod = pod;
    this.uid = pod.getMetadata().getUid();
    pod.getSpec().getInitContainers().forEach(c -> inits.add(new ContainerRecord(c, true)));
    pod.getSpec().getContainers().forEach(c -> regulars.add(new ContainerRecord(c, false)));
    this.backoff = new RestartBackoff(ctx.crashLoopBaseBackoff(), ctx.crashLoopMaxBackoff());
    this.sandbox = new PodSandbox(ctx.rootDir(), pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
    this.confinement = new Confinement(ctx, sandbox);
    this.launcher = new ContainerLauncher(ctx, sandbox, confinement);
    this.hooks = new ContainerHooks(ctx, serial, () -> pod, this::sync, this::gracePeriod,
        () -> confinement.namespaces().isPresent());
    this.probes = new ContainerProbes(ctx, serial, () -> pod, this::sync, this::gracePeriod, hooks);
    // A pod that finished before this kubelet saw it is left alone (its statuses are not ours to rewrite).
    this.terminal = pod.getStatus() != null && PodPhases.isTerminal(pod.getStatus().getPhase());
    if (!terminal && pod.getStatus() != null) {
      // Started by an earlier kubelet process: continue from what it reported (see adoptLeftovers for what still runs).
      adopt(inits, pod.getStatus().getInitContainerStatuses());
      adopt(regulars, pod.getStatus().getContainerStatuses());
    }
    if (!terminal) {
      // First on the serial executor, so before the first sync; blocking work stays off the informer thread.
      serial.execute(this::adoptLeftovers);
    }
  }

  /** After a kubelet restart: takes over what still runs for this pod (see {@link PodLeftovers}). */
  private void adoptLeftovers() {
    List<ContainerRecord> all = Stream.concat(inits.stream(), regulars.stream()).toList();
    PodLeftovers.adopt(ctx, pod, sandbox, confinement, all).forEach(r -> watch(r, r.handle, true));
  }

  private static void adopt(List<ContainerRecord> records, List<ContainerStatus> statuses) {
    for (ContainerRecord r : records) {
      PodPhases.find(statuses, r.name()).ifPresent(r::adopt);
    }
  }

  /** A newer version of the pod arrived (informer thread: only hands over). */
  void update(Pod newer) {
    serial.execute(() -> {
      boolean metadataChanged = !Objects.equals(pod.getMetadata().getLabels(), newer.getMetadata().getLabels())
          || !Objects.equals(pod.getMetadata().getAnnotations(), newer.getMetadata().getAnnotations());
      pod = newer;
      if (metadataChanged) {
        // downwardAPI volume files show labels and annotations: they follow a change at once.
        refreshVolumes();
      }
      sync();
    });
  }

  /** Refreshes the projected volumes of a pod whose containers run, then again after {@link #VOLUME_RESYNC}. */
  private void resyncVolumes() {
    if (finished || shuttingDown || removed || terminal) {
      return;
    }
    refreshVolumes();
    scheduleVolumeResync();
  }

  private void refreshVolumes() {
    if (finished || shuttingDown || removed || terminal || running().findAny().isEmpty()) {
      return;
    }
    try {
      launcher.refreshVolumes(pod);
    } catch (RuntimeException e) {
      // The containers keep the files they have; the next resync tries again.
      log.warn("refreshing the volumes of pod {}/{} failed: {}", pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(), e.toString());
    }
  }

  private void scheduleVolumeResync() {
    try {
      ctx.scheduler().schedule(() -> serial.execute(this::resyncVolumes), VOLUME_RESYNC.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("not scheduling a volume resync of pod {}: timers stopped", uid);
    }
  }

  /** The pod is gone from the API: kill at once, clean up. */
  void removed() {
    serial.execute(() -> {
      removed = true;
      if (finished) {
        // Finished earlier (final delete sent) and now gone for good: only the directory is left to clean up.
        removeSandbox();
        return;
      }
      sync();
    });
  }

  /** Stops every container (SIGTERM, SIGKILL after {@code grace}); completes when all have exited. */
  CompletableFuture<Void> shutdown(Duration grace) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    serial.execute(() -> {
      shuttingDown = true;
      List<CompletableFuture<ContainerExit>> exits = running().map(r -> r.handle.terminate(grace)).toList();
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
          .whenComplete((v, e) -> serial.execute(() -> {
            confinement.close();
            done.complete(null);
          }));
    });
    return done;
  }

  Map<String, LogTarget> logTargets() {
    return logTargets;
  }

  Map<String, ExecTarget> execTargets() {
    return execTargets;
  }

  Optional<StatsSource.Pod> statsView() {
    return statsView;
  }

  boolean finished() {
    return finished;
  }

  void sync() {
    if (finished || shuttingDown) {
      return;
    }
    MDC.put("ns", pod.getMetadata().getNamespace());
    MDC.put("name", pod.getMetadata().getName());
    MDC.put("kind", "Pod");
    try {
      doSync(ctx.clock().instant());
    } catch (RuntimeException e) {
      log.warn("sync of pod {}/{} failed, retrying in {}: {}", pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(), RETRY, e.toString());
      log.debug("sync failure", e);
      scheduleSync(RETRY);
    } finally {
      publishLogTargets();
      MDC.clear();
    }
  }

  private void doSync(Instant now) {
    if (removed) {
      running().forEach(r -> r.handle.kill());
      if (running().findAny().isEmpty()) {
        finished = true;
        confinement.close();
        forgetTokens();
        removeSandbox();
      }
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      terminate(now);
      return;
    }
    if (terminal) {
      return;
    }
    setUp(now);
    armDeadline(now);
    if (!volumeResyncArmed) {
      volumeResyncArmed = true;
      scheduleVolumeResync();
    }
    if (deadlineExceeded || pastDeadline(now)) {
      if (!deadlineExceeded) {
        deadlineExceeded = true;
        ctx.events().record(pod, null, EventRecorder.NORMAL, PodStatusBuilder.DEADLINE_EXCEEDED,
            PodStatusBuilder.DEADLINE_EXCEEDED_MESSAGE);
        stopAll(gracePeriod());
      }
      if (running().findAny().isEmpty()) {
        report(true, PodStatusBuilder.DEADLINE_EXCEEDED, PodStatusBuilder.DEADLINE_EXCEEDED_MESSAGE, now);
      }
      return;
    }
    advance(now);
    report(false, null, null, now);
  }

  private void setUp(Instant now) {
    if (setUp) {
      return;
    }
    try {
      sandbox.create(pod);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create pod directory " + sandbox.dir() + ": " + e.getMessage(), e);
    }
    try {
      confinement.setUp(pod);
    } catch (IOException e) {
      // kuberuntime_manager.go SyncPod: "Failed to create pod sandbox: <err>", retried on the next sync.
      ctx.events().record(pod, null, EventRecorder.WARNING, "FailedCreatePodSandBox",
          "Failed to create pod sandbox: " + e.getMessage());
      throw new IllegalStateException("cannot create the sandbox of pod " + uid + ": " + e.getMessage(), e);
    }
    setUp = true;
    startTime = Optional.ofNullable(pod.getStatus()).map(PodStatus::getStartTime).map(Rfc3339::parse).orElse(now);
    confinement.unavailableMessage(pod).ifPresent(msg ->
        ctx.events().record(pod, null, EventRecorder.WARNING, "IsolationUnavailable", msg));
  }

  /**
   * Arms a timer for the pod's activeDeadlineSeconds whenever it appears or changes: it may be set (or shortened) by
   * an update of a running pod, and the kubelet enforces the current value (pkg/kubelet/active_deadline.go).
   */
  private void armDeadline(Instant now) {
    Long deadline = pod.getSpec().getActiveDeadlineSeconds();
    if (deadline != null && !deadline.equals(armedDeadline)) {
      armedDeadline = deadline;
      // A little after the deadline: a timer that fires a fraction of a millisecond early would find the pod not yet
      // past it and, the deadline being armed already, never check again.
      scheduleSync(Duration.between(now, startTime.plusSeconds(deadline)).plusMillis(5));
    }
  }

  private boolean pastDeadline(Instant now) {
    Long deadline = pod.getSpec().getActiveDeadlineSeconds();
    return deadline != null && startTime != null && !now.isBefore(startTime.plusSeconds(deadline));
  }

  /** Starts what should run next: init containers one by one, then every regular container. */
  private void advance(Instant now) {
    String policy = restartPolicy();
    for (ContainerRecord r : inits) {
      if (r.succeeded()) {
        continue;
      }
      if (r.failed()) {
        if (!"Never".equals(policy)) {
          restartWithBackoff(r, now);
        }
      } else if (!r.running()) {
        start(r, now);
      }
      return;
    }
    for (ContainerRecord r : regulars) {
      if (r.running()) {
        continue;
      }
      if (r.terminated == null) {
        start(r, now);
      } else if ("Always".equals(policy) || ("OnFailure".equals(policy) && r.failed())) {
        restartWithBackoff(r, now);
      }
    }
  }

  private void restartWithBackoff(ContainerRecord r, Instant now) {
    String key = (r.init ? "init/" : "") + r.name();
    Instant finishedAt = r.finishedAt != null ? r.finishedAt : Rfc3339.parse(r.terminated.getFinishedAt());
    if (backoff.isInBackOffSince(key, finishedAt, now)) {
      Duration d = backoff.get(key);
      if (!ContainerRecord.CRASH_LOOP_BACK_OFF.equals(r.waitingReason)) {
        ctx.events().record(pod, fieldPath(r), EventRecorder.WARNING, "BackOff",
            "Back-off restarting failed container " + r.name() + " in pod " + podRef());
      }
      r.waiting(ContainerRecord.CRASH_LOOP_BACK_OFF,
          "back-off " + GoDuration.format(d) + " restarting failed container=" + r.name() + " pod=" + podRef());
      scheduleSync(Duration.between(now, finishedAt.plus(d)).plusMillis(5));
      return;
    }
    backoff.next(key, finishedAt, now);
    start(r, now);
  }

  private void start(ContainerRecord r, Instant now) {
    ContainerLauncher.Outcome outcome = launcher.launch(pod, r, now);
    if (outcome.retryAfter() != null) {
      scheduleSync(outcome.retryAfter());
    }
    if (r.handle != null) {
      watch(r, r.handle, false);
    } else if (r.terminated != null && r.attempt >= 0 && r.waitingReason == null) {
      // The start itself failed: let the restart policy decide on the next pass.
      scheduleSync(Duration.ZERO);
    }
  }

  /**
   * Follows a running instance: probes, the postStart hook (only for an instance started here: an adopted one ran it
   * when it started) and its exit.
   */
  private void watch(ContainerRecord r, ContainerHandle h, boolean adopted) {
    int attempt = r.attempt;
    Path terminationFile = r.terminationFile;
    probes.start(r, h, confinement.isolated());
    if (!adopted) {
      hooks.postStart(r, h);
    }
    h.onExit().whenComplete((exit, err) -> serial.execute(() -> {
      if (r.handle == h) {
        stopProbes(r);
        Confinement.ExitReport report = confinement.exited(r, exit);
        if (exit.lost()) {
          // Its supervisor died without a record (kubelet_pods.go reports such a container the same way).
          r.exited(exit, ContainerRecord.LOST_MESSAGE, ContainerRecord.CONTAINER_STATUS_UNKNOWN);
        } else {
          String message = report.message() != null ? report.message()
              : TerminationMessage.of(r.spec, exit.exitCode(), terminationFile, sandbox.logFile(r.name(), attempt));
          r.exited(exit, message, report.reason());
          if ("StartError".equals(report.reason())) {
            ctx.events().record(pod, fieldPath(r), EventRecorder.WARNING, "Failed", "Error: " + message);
          }
        }
      }
      sync();
    }));
  }

  private static void stopProbes(ContainerRecord r) {
    ContainerProbes.stop(r);
  }

  private void terminate(Instant now) {
    if (!killRequested) {
      killRequested = true;
      stopAll(gracePeriod());
    }
    if (running().findAny().isPresent()) {
      return;
    }
    if (!terminal && setUp) {
      report(true, deadlineExceeded ? PodStatusBuilder.DEADLINE_EXCEEDED : null,
          deadlineExceeded ? PodStatusBuilder.DEADLINE_EXCEEDED_MESSAGE : null, now);
    }
    confinement.close();
    forgetTokens();
    ctx.podApi().deleteFinally(pod);
    finished = true;
  }

  private void stopAll(Duration grace) {
    running().toList().forEach(r -> hooks.stop(r, grace, null));
  }

  /** The deletion's grace period, else the spec's, else upstream's default of 30 s. */
  private Duration gracePeriod() {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? 30 : Math.max(seconds, 0));
  }

  private void report(boolean podIsTerminal, String reason, String message, Instant now) {
    boolean hasInits = !inits.isEmpty();
    List<ContainerStatus> initStatuses = inits.stream().map(r -> r.toStatus(hasInits)).toList();
    List<ContainerStatus> statuses = regulars.stream().map(r -> r.toStatus(hasInits)).toList();
    PodStatus status = PodStatusBuilder.build(new PodStatusBuilder.Input(pod, lastWritten, initStatuses, statuses,
        podIsTerminal, setUp, ctx.hostIP(), startTime, reason, message, now));
    if (status.equals(lastWritten)) {
      return;
    }
    Optional<Pod> written = ctx.podApi().writeStatus(pod, status);
    lastWritten = status;
    written.ifPresent(p -> pod = p);
    if (PodPhases.isTerminal(status.getPhase())) {
      terminal = true;
      // The sandbox of a finished pod is torn down (its holder and mounts go; the directory stays for logs).
      confinement.close();
      forgetTokens();
      log.debug("pod {}/{} is {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), status.getPhase());
    }
  }

  private void publishLogTargets() {
    List<ContainerRecord> all = Stream.concat(inits.stream(), regulars.stream()).toList();
    logTargets = PodViews.logTargets(all, sandbox, !inits.isEmpty());
    execTargets = PodViews.execTargets(all, sandbox, confinement.namespaces().isPresent());
    statsView = PodViews.stats(pod, startTime, all);
  }

  /**
   * Drops the pod's service account tokens from the node's cache once its volumes are no longer refreshed (upstream's
   * projected volume TearDown calls DeleteServiceAccountToken).
   */
  private void forgetTokens() {
    ctx.tokens().forgetPod(uid);
  }

  private void removeSandbox() {
    try {
      sandbox.remove();
    } catch (IOException e) {
      log.warn("cannot remove pod directory {}: {}", sandbox.dir(), e.getMessage());
    }
  }

  private void scheduleSync(Duration delay) {
    long ms = Math.max(0, delay.toMillis());
    try {
      ctx.scheduler().schedule(() -> serial.execute(this::sync), ms, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The kubelet is shutting down; nothing is restarted any more.
      log.debug("not scheduling a sync of pod {}: timers stopped", uid);
    }
  }

  private Stream<ContainerRecord> running() {
    return Stream.concat(inits.stream(), regulars.stream()).filter(ContainerRecord::running);
  }

  private String restartPolicy() {
    return Optional.ofNullable(pod.getSpec().getRestartPolicy()).orElse("Always");
  }

  static String fieldPath(ContainerRecord r) {
    return (r.init ? "spec.initContainers{" : "spec.containers{") + r.name() + "}";
  }

  /** {@code pkg/kubelet/util/format} Pod: {@code name_namespace(uid)}. */
  private String podRef() {
    return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + uid + ")";
  }
}

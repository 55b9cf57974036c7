package dev.klite.kubelet.pod;

import dev.klite.kubelet.isolation.Cgroups;
import dev.klite.kubelet.isolation.ContainerScript;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.isolation.PodNamespaces;
import dev.klite.kubelet.isolation.SandboxScript;
import dev.klite.kubelet.runtime.ContainerExit;
import dev.klite.kubelet.runtime.ContainerSpec;
import dev.klite.kubelet.runtime.ContainerStartException;
import dev.klite.kubelet.runtime.Terminal;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What confines one pod's containers: the pod's namespaces (a {@link PodNamespaces} holder) and a cgroup per
 * container with its limits, as far as the host allows ({@link HostCapabilities}). Owned by one {@link PodWorker};
 * used on its serial executor. Blocking (process creation, cgroupfs).
 */
final class Confinement implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Confinement.class);

  /** How an exit is reported: reason null for the runtime's default (Completed/Error). */
  record ExitReport(String reason, String message) {}

  private final PodWorkerContext ctx;
  private final PodSandbox sandbox;
  private PodNamespaces namespaces;
  /** Container cgroups created and not yet removed; whatever is left goes with the pod in {@link #close()}. */
  private final java.util.Set<String> liveCgroups = new java.util.LinkedHashSet<>();

  Confinement(PodWorkerContext ctx, PodSandbox sandbox) {
    this.ctx = ctx;
    this.sandbox = sandbox;
  }

  boolean isolated() {
    return ctx.host().namespaces();
  }

  /** Creates the pod's namespaces (once, or again if the holder died). */
  void setUp(Pod pod) throws IOException {
    if (!isolated() || (namespaces != null && namespaces.alive())) {
      return;
    }
    List<SandboxScript.Tmpfs> tmpfs = new ArrayList<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getEmptyDir() != null && "Memory".equals(v.getEmptyDir().getMedium())) {
        Quantity size = v.getEmptyDir().getSizeLimit();
        tmpfs.add(new SandboxScript.Tmpfs(sandbox.emptyDir(v.getName()),
            size == null ? null : Quantity.getAmountInBytes(size).longValue()));
      }
    }
    namespaces = PodNamespaces.start(sandbox.dir(), ContainerLauncher.hostname(pod), tmpfs, needsPrivateRoot(pod));
  }

  /**
   * Takes over the pod's sandbox that an earlier kubelet process created, if its holder still runs: the containers it
   * left running live in its namespaces (kuberuntime likewise reuses a ready sandbox instead of creating another).
   */
  void adopt() {
    if (isolated() && namespaces == null) {
      namespaces = PodNamespaces.adopt(sandbox.dir()).orElse(null);
    }
  }

  /** Takes over the cgroup of an adopted container instance (named after its id, see {@link #spec}), if it has one. */
  void adoptCgroup(ContainerRecord r) {
    Optional<Cgroups> cgroups = ctx.host().cgroupsIfAvailable();
    String name = "klite-" + r.containerId.substring(0, Math.min(16, r.containerId.length()));
    if (cgroups.isPresent() && cgroups.get().dirs(name).stream().anyMatch(Files::isDirectory)) {
      r.cgroup = name;
      liveCgroups.add(name);
    }
  }

  /**
   * Whether a mountPath of any container lies under a top-level directory the host lacks: only then must the pod get
   * a root of its own to create it in (see {@code SandboxScript}); other mountPaths are created in overlays.
   */
  static boolean needsPrivateRoot(Pod pod) {
    return java.util.stream.Stream.of(pod.getSpec().getInitContainers(), pod.getSpec().getContainers())
        .filter(java.util.Objects::nonNull).flatMap(List::stream)
        .filter(c -> c.getVolumeMounts() != null).flatMap(c -> c.getVolumeMounts().stream())
        .map(m -> Path.of(m.getMountPath()).normalize())
        .anyMatch(t -> t.getNameCount() > 0 && !java.nio.file.Files.exists(t.getRoot().resolve(t.getName(0))));
  }

  /** The pid whose namespaces exec probes enter, or empty when containers are plain processes. */
  Optional<PodNamespaces> namespaces() {
    return Optional.ofNullable(namespaces);
  }

  /** Builds the runtime spec: the command wrapped to enter the pod, join its cgroup and mount its volumes. */
  ContainerSpec spec(Pod pod, ContainerRecord r, String id, List<String> command, Map<String, String> env,
      String workingDir, List<ContainerScript.Mount> mounts, Path logFile) throws ContainerStartException {
    Container c = r.spec;
    List<Path> cgroupDirs = List.of();
    Optional<Cgroups> cgroups = ctx.host().cgroupsIfAvailable();
    Long memory = limit(c, "memory", false);
    Long cpu = limit(c, "cpu", true);
    r.cgroup = null;
    if (cgroups.isPresent() && (memory != null || cpu != null)) {
      String name = "klite-" + id.substring(0, 16);
      try {
        cgroups.get().create(name, memory, cpu);
      } catch (IOException e) {
        releaseQuietly(cgroups.get(), name);
        throw new ContainerStartException("failed to create cgroup for container: " + e.getMessage(), e);
      }
      r.cgroup = name;
      liveCgroups.add(name);
      cgroupDirs = cgroups.get().dirs(name);
    }
    r.startErrorFile = logFile.resolveSibling(logFile.getFileName() + ".start-error");
    List<String> user = userArgv(pod, c);
    boolean isolated = namespaces != null;
    if (!isolated && cgroupDirs.isEmpty()) {
      return new ContainerSpec(id, command, env, workingDir == null ? sandbox.dir() : Path.of(workingDir), logFile,
          user, false, true, ctx.logLimits(), Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getTty()));
    }
    List<String> launcher = new ArrayList<>(isolated ? namespaces.enterArgv() : List.of());
    launcher.addAll(List.of("sh", "-c", ContainerScript.build(id, r.startErrorFile, cgroupDirs,
        isolated ? mounts : List.of(), isolated ? workingDir : null, user), "klite-container"));
    String cmd = command.get(0);
    boolean inPodOnly = isolated && cmd.startsWith("/")
        && mounts.stream().anyMatch(m -> Path.of(cmd).startsWith(Path.of(m.target())));
    Path dir = isolated || workingDir == null ? sandbox.dir() : Path.of(workingDir);
    return new ContainerSpec(id, command, env, dir, logFile, launcher, isolated, !inPodOnly, ctx.logLimits(),
        Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getTty()));
  }

  /**
   * The prefix that switches a container's processes (and its exec hooks and probes) to its securityContext user and
   * groups; empty when none is set or the kubelet is not root (then {@link #unavailableMessage} says so).
   */
  static List<String> userArgv(Pod pod, Container c) {
    return HostCapabilities.isRoot() ? ProcessIdentity.of(pod, c).argv() : List.of();
  }

  /**
   * Classifies an exit: the launcher's own failures ({@link ContainerScript#START_ERROR_EXIT} with a message in the
   * start-error file) as {@code StartError}, a kernel OOM kill in the container's cgroup as {@code OOMKilled} (exit
   * 137, as containerd reports it). Then removes the container's cgroup.
   */
  ExitReport exited(ContainerRecord r, ContainerExit exit) {
    ExitReport report = new ExitReport(null, null);
    Path err = r.startErrorFile;
    if (err != null) {
      try {
        String msg = Files.exists(err) ? Files.readString(err).strip() : "";
        if (exit.exitCode() == ContainerScript.START_ERROR_EXIT && !msg.isEmpty()) {
          report = new ExitReport("StartError", "failed to create containerd task: failed to create shim task: OCI "
              + "runtime create failed: runc create failed: unable to start container process: error during "
              + "container init: " + msg);
        }
        Files.deleteIfExists(err);
      } catch (IOException e) {
        log.debug("reading start error file {} failed", err, e);
      }
    }
    Optional<Cgroups> cgroups = ctx.host().cgroupsIfAvailable();
    if (r.cgroup != null && cgroups.isPresent()) {
      if (report.reason() == null && exit.signal() == 0 && cgroups.get().oomKilled(r.cgroup)) {
        report = new ExitReport("OOMKilled", null);
      }
      release(r);
    }
    return report;
  }

  /** Drops the cgroup of a container whose start failed. */
  void release(ContainerRecord r) {
    Optional<Cgroups> cgroups = ctx.host().cgroupsIfAvailable();
    if (r.cgroup != null && cgroups.isPresent()) {
      releaseQuietly(cgroups.get(), r.cgroup);
      liveCgroups.remove(r.cgroup);
      r.cgroup = null;
    }
  }

  /**
   * Kills the pod's holder (and with it anything left in the pod's namespaces), then removes the cgroups of
   * containers whose exit was not processed (the kubelet is shutting down).
   */
  @Override
  public void close() {
    if (namespaces != null) {
      namespaces.close();
      namespaces = null;
    }
    ctx.host().cgroupsIfAvailable().ifPresent(cg -> liveCgroups.forEach(name -> releaseQuietly(cg, name)));
    liveCgroups.clear();
  }

  /**
   * What cannot be isolated for this pod, for the one {@code IsolationUnavailable} Warning event; empty when the
   * pod is fully confined.
   */
  Optional<String> unavailableMessage(Pod pod) {
    HostCapabilities host = ctx.host();
    List<String> limited = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      if (limit(c, "memory", false) != null || limit(c, "cpu", true) != null) {
        limited.add(c.getName());
      }
    }
    String limits = limited.isEmpty() || host.cgroups() != null ? ""
        : "; resources.limits of containers " + PodConditions.goList(limited) + " are not enforced (no cgroups: "
            + host.cgroupsUnavailable() + ")";
    boolean identities = pod.getSpec().getContainers().stream()
        .anyMatch(c -> !ProcessIdentity.of(pod, c).inherits());
    if (identities && !HostCapabilities.isRoot()) {
      limits += "; securityContext runAsUser, runAsGroup, fsGroup and supplementalGroups are not applied (the kubelet "
          + "does not run as root)";
    }
    limits += ttyUnavailable(pod, Terminal.available());
    if (host.namespaces()) {
      return limits.isEmpty() ? Optional.empty() : Optional.of(limits.substring(2));
    }
    List<String> volumes = new ArrayList<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      volumes.add(describe(v));
    }
    StringBuilder sb = new StringBuilder("containers run as plain host processes (" + host.namespacesUnavailable()
        + "): no mount, UTS or PID namespace, the hostname is the node's");
    if (!volumes.isEmpty()) {
      sb.append("; volumes are not mounted at their mountPath (").append(String.join(", ", volumes)).append(')');
    }
    return Optional.of(sb.append(limits).toString());
  }

  /**
   * The event's part about containers with {@code tty: true} that get no terminal because util-linux {@code script}
   * is missing (they run as if {@code tty} were false); empty when there are none or script is installed.
   */
  static String ttyUnavailable(Pod pod, boolean scriptAvailable) {
    List<String> tty = java.util.stream.Stream.of(pod.getSpec().getInitContainers(), pod.getSpec().getContainers())
        .filter(java.util.Objects::nonNull).flatMap(List::stream)
        .filter(c -> Boolean.TRUE.equals(c.getTty())).map(Container::getName).toList();
    return tty.isEmpty() || scriptAvailable ? ""
        : "; containers " + PodConditions.goList(tty) + " get no terminal for tty: true (util-linux script is not "
            + "installed)";
  }

  private String describe(Volume v) {
    if (v.getEmptyDir() != null) {
      return "emptyDir \"" + v.getName() + "\" is the host directory " + sandbox.emptyDir(v.getName());
    }
    if (v.getHostPath() != null) {
      return "hostPath \"" + v.getName() + "\" is " + v.getHostPath().getPath() + " itself";
    }
    String plugin = v.getConfigMap() != null ? "configmap" : v.getSecret() != null ? "secret"
        : v.getDownwardAPI() != null ? "downward-api" : v.getProjected() != null ? "projected" : null;
    if (plugin == null) {
      return "volume \"" + v.getName() + "\" is not provided";
    }
    return "volume \"" + v.getName() + "\" is written to the host directory "
        + sandbox.dir().resolve("volumes").resolve("kubernetes.io~" + plugin).resolve(v.getName());
  }

  /** A container limit: memory in bytes, cpu in millicores rounded up (resource.Quantity MilliValue); null if unset. */
  static Long limit(Container c, String resource, boolean milli) {
    if (c.getResources() == null || c.getResources().getLimits() == null) {
      return null;
    }
    Quantity q = c.getResources().getLimits().get(resource);
    if (q == null) {
      return null;
    }
    BigDecimal amount = Quantity.getAmountInBytes(q);
    return (milli ? amount.multiply(BigDecimal.valueOf(1000)) : amount).setScale(0, RoundingMode.CEILING).longValue();
  }

  private static void releaseQuietly(Cgroups cgroups, String name) {
    try {
      cgroups.remove(name);
    } catch (IOException e) {
      log.warn("cannot remove cgroup {}: {}", name, e.getMessage());
    }
  }
}

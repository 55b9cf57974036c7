package dev.klite.kubelet.pod;

import dev.klite.kubelet.images.ImageDefaults;
import dev.klite.kubelet.isolation.ContainerScript;
import dev.klite.kubelet.runtime.ContainerHandle;
import dev.klite.kubelet.runtime.ContainerSpec;
import dev.klite.kubelet.runtime.ContainerStartException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts one container instance for a pod worker: resolves env and argv, emits the kubelet's events
 * ({@code pkg/kubelet/events/event.go} reasons, v1.32 wording) and records the outcome on the {@link ContainerRecord}.
 * Runs on the pod's serial executor.
 */
final class ContainerLauncher {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ContainerLauncher.class);
  /** The PATH a container gets when its spec sets none (containerd's default for images without one). */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PodWorkerContext ctx;
  private final PodSandbox sandbox;
  private final EnvBuilder envBuilder;
  private final VolumeBuilder volumes;
  private final Confinement confinement;
  private final MountRetry mountRetry = new MountRetry();

  /** @param retryAfter when the start could not be attempted and must be retried later, else null */
  record Outcome(Duration retryAfter) {}

  ContainerLauncher(PodWorkerContext ctx, PodSandbox sandbox, Confinement confinement) {
    this.ctx = ctx;
    this.sandbox = sandbox;
    this.envBuilder = new EnvBuilder(ctx.configSource(), ctx.hostIP(), ctx.apiServer());
    this.volumes = new VolumeBuilder(ctx.configSource(), ctx.tokens(), envBuilder, sandbox);
    this.confinement = confinement;
  }

  /**
   * Sets every pod volume up (as the kubelet's volume manager does before any container starts) and returns the
   * container's mounts; empty after reporting a {@code FailedMount} when a volume cannot be set up, as
   * {@code pkg/kubelet/volumemanager} reports it ({@code MountVolume.SetUp failed for volume "x" : ...}); the container
   * keeps waiting in ContainerCreating and the worker retries.
   */
  private Optional<List<ContainerScript.Mount>> mounts(Pod pod, ContainerRecord r) {
    Map<String, Path> sources = new LinkedHashMap<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      try {
        sources.put(v.getName(), volumes.prepare(pod, v, ctx.nodeAllocatable()));
      } catch (VolumeBuilder.VolumeException e) {
        mountFailed(pod, r, "MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
        return Optional.empty();
      } catch (KubernetesClientException e) {
        mountFailed(pod, r, "MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e.getMessage());
        return Optional.empty();
      }
    }
    List<ContainerScript.Mount> out = new ArrayList<>();
    for (VolumeMount m : r.spec.getVolumeMounts()) {
      Path src = sources.get(m.getName());
      if (src == null) {
        mountFailed(pod, r, "volume \"" + m.getName() + "\" of mountPath \"" + m.getMountPath()
            + "\" is not defined in the pod");
        return Optional.empty();
      }
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        Path base = src;
        src = src.resolve(m.getSubPath()).normalize();
        if (!src.startsWith(base)) {
          mountFailed(pod, r, "subPath \"" + m.getSubPath() + "\" of volume \"" + m.getName()
              + "\" leaves the volume");
          return Optional.empty();
        }
        try {
          // As the kubelet does (pkg/volume/util/subpath), a missing subPath is created as a directory.
          if (!Files.exists(src)) {
            Files.createDirectories(src);
          }
        } catch (IOException e) {
          mountFailed(pod, r, "failed to create subPath directory for volumeMount \"" + m.getName() + "\": "
              + e.getMessage());
          return Optional.empty();
        }
      }
      boolean readOnly = Boolean.TRUE.equals(m.getReadOnly()) || readOnlyVolume(pod, m.getName());
      out.add(new ContainerScript.Mount(m.getName(), src, m.getMountPath(), readOnly));
    }
    if (confinement.isolated()) {
      try {
        managedFiles(pod, out);
      } catch (IOException e) {
        mountFailed(pod, r, "cannot write the pod's /etc/hosts: " + e.getMessage());
        return Optional.empty();
      }
    }
    List<String> impossible = confinement.isolated() ? ContainerScript.unsupportedTargets(out) : List.of();
    if (!impossible.isEmpty()) {
      mountFailed(pod, r, String.join("; ", impossible));
      return Optional.empty();
    }
    return Optional.of(out);
  }

  /**
   * The kubelet-managed {@code /etc/hosts} ({@code pkg/kubelet/kubelet_pods.go} managedHostsFileContent) and the
   * runtime's {@code /etc/hostname}, bound into every container of an isolated pod unless a volume is mounted there.
   */
  private void managedFiles(Pod pod, List<ContainerScript.Mount> mounts) throws IOException {
    String hostname = hostname(pod);
    Path hosts = sandbox.dir().resolve("etc-hosts");
    Files.writeString(hosts, "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
        + "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
        + "fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n" + ctx.hostIP() + "\t" + hostname + "\n");
    Path name = sandbox.dir().resolve("etc-hostname");
    Files.writeString(name, hostname + "\n");
    for (var f : List.of(Map.entry("/etc/hosts", hosts), Map.entry("/etc/hostname", name))) {
      if (mounts.stream().noneMatch(m -> Path.of(m.target()).normalize().equals(Path.of(f.getKey())))) {
        mounts.add(new ContainerScript.Mount("etc-" + f.getKey().substring(5), f.getValue(), f.getKey(), false));
      }
    }
  }

  /** configMap, secret, downwardAPI and projected volumes are always mounted read-only (upstream since 1.9). */
  private static boolean readOnlyVolume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).anyMatch(v ->
        v.getConfigMap() != null || v.getSecret() != null || v.getDownwardAPI() != null || v.getProjected() != null);
  }

  /**
   * Rewrites the pod's configMap, secret, downwardAPI and projected volumes from their current sources, as the
   * kubelet's periodic pod resync remounts them; a volume whose source cannot be read now keeps its files (as
   * upstream, a deleted non-optional source leaves the last content in place).
   */
  void refreshVolumes(Pod pod) {
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getConfigMap() == null && v.getSecret() == null && v.getDownwardAPI() == null
          && v.getProjected() == null) {
        continue;
      }
      try {
        volumes.prepare(pod, v, ctx.nodeAllocatable());
      } catch (VolumeBuilder.VolumeException | KubernetesClientException e) {
        log.debug("volume {} of pod {} not refreshed: {}", v.getName(), pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void mountFailed(Pod pod, ContainerRecord r, String message) {
    r.waiting(inits(pod) ? ContainerRecord.POD_INITIALIZING : ContainerRecord.CONTAINER_CREATING, message);
    if (!message.equals(r.reportedFailure)) {
      r.reportedFailure = message;
      ctx.events().record(pod, null, EventRecorder.WARNING, "FailedMount", message);
    }
  }

  private static boolean inits(Pod pod) {
    return !pod.getSpec().getInitContainers().isEmpty();
  }

  Outcome launch(Pod pod, ContainerRecord r, Instant now) {
    Container c = r.spec;
    String fieldPath = PodWorker.fieldPath(r);
    Optional<List<String>> imageArgv = ImageDefaults.argv(c.getImage(), c.getCommand(), c.getArgs());
    if (imageArgv.isEmpty()) {
      String image = Optional.ofNullable(c.getImage()).orElse("");
      fail(pod, r, ContainerRecord.CREATE_CONTAINER_ERROR, "klite runs containers as local processes and does not "
          + "pull images: container \"" + c.getName() + "\" has no command, so the entrypoint of image \"" + image
          + "\" cannot be run; set command (and args)");
      return new Outcome(null);
    }
    Map<String, String> env;
    try {
      env = envBuilder.build(pod, c, ctx.nodeAllocatable());
    } catch (EnvBuilder.EnvException e) {
      fail(pod, r, ContainerRecord.CREATE_CONTAINER_CONFIG_ERROR, e.getMessage());
      return new Outcome(ctx.crashLoopBaseBackoff());
    } catch (KubernetesClientException e) {
      fail(pod, r, ContainerRecord.CREATE_CONTAINER_CONFIG_ERROR, e.getMessage());
      return new Outcome(ctx.crashLoopBaseBackoff());
    }
    Optional<List<ContainerScript.Mount>> mounts = mounts(pod, r);
    if (mounts.isEmpty()) {
      return new Outcome(mountRetry.failed());
    }
    mountRetry.succeeded();
    List<String> argv = new ArrayList<>();
    imageArgv.get().forEach(a -> argv.add(Expansion.expand(a, env)));
    List<String> command = ctx.images().command(c.getImage(), argv);

    Map<String, String> processEnv = new LinkedHashMap<>();
    processEnv.put("PATH", DEFAULT_PATH);
    processEnv.put("HOSTNAME", hostname(pod));
    processEnv.put("HOME", System.getProperty("user.home", "/"));
    processEnv.putAll(env);
    String workingDir = c.getWorkingDir() == null || c.getWorkingDir().isEmpty() ? null : c.getWorkingDir();

    String id = HexFormat.of().formatHex(randomBytes());
    int attempt = r.attempt + 1;
    List<ContainerScript.Mount> all = new ArrayList<>(mounts.get());
    try {
      r.terminationFile = terminationFile(c, attempt, all);
    } catch (IOException e) {
      fail(pod, r, ContainerRecord.CREATE_CONTAINER_ERROR, "cannot create the termination message file: "
          + e.getMessage());
      return new Outcome(ctx.crashLoopBaseBackoff());
    }
    r.userArgv = Confinement.userArgv(pod, c);
    ctx.events().record(pod, fieldPath, EventRecorder.NORMAL, "Pulled",
        "Container image \"" + c.getImage() + "\" already present on machine");
    ctx.events().record(pod, fieldPath, EventRecorder.NORMAL, "Created", "Created container: " + c.getName());
    ContainerHandle handle;
    try {
      ContainerSpec spec = confinement.spec(pod, r, id, command, processEnv, workingDir, all,
          sandbox.logFile(c.getName(), attempt));
      handle = ctx.runtime().start(spec);
    } catch (ContainerStartException e) {
      confinement.release(r);
      r.startFailed(id, e.getMessage(), now);
      ctx.events().record(pod, fieldPath, EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
      return new Outcome(null);
    }
    r.started(handle, id);
    r.env = Map.copyOf(processEnv);
    ctx.events().record(pod, fieldPath, EventRecorder.NORMAL, "Started", "Started container " + c.getName());
    return new Outcome(null);
  }

  /**
   * The empty, world-writable host file bound at the container's terminationMessagePath (so that any user can write
   * it), as {@code kuberuntime_container.go} makeMounts creates it; null for plain host processes, which cannot have
   * a file at a path of their own, or when a volume is already mounted there.
   */
  private Path terminationFile(Container c, int attempt, List<ContainerScript.Mount> mounts) throws IOException {
    String target = c.getTerminationMessagePath();
    if (!confinement.isolated() || target == null || target.isEmpty()
        || mounts.stream().anyMatch(m -> Path.of(m.target()).normalize().equals(Path.of(target).normalize()))) {
      return null;
    }
    Path file = sandbox.dir().resolve(c.getName()).resolve(attempt + ".termination-log");
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file);
    Files.setPosixFilePermissions(file, VolumeBuilder.permissions(0666));
    mounts.add(new ContainerScript.Mount("termination-message", file, target, false));
    return file;
  }

  private void fail(Pod pod, ContainerRecord r, String reason, String message) {
    r.waiting(reason, message);
    if (!message.equals(r.reportedFailure)) {
      r.reportedFailure = message;
      ctx.events().record(pod, PodWorker.fieldPath(r), EventRecorder.WARNING, "Failed", "Error: " + message);
    }
  }

  /** The pod's hostname: spec.hostname, else the pod name (pkg/kubelet/kubelet_pods.go GeneratePodHostNameAndDomain). */
  static String hostname(Pod pod) {
    String h = pod.getSpec().getHostname();
    return h == null || h.isEmpty() ? pod.getMetadata().getName() : h;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b;
  }
}

package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.ContainerHandle;
import dev.klite.kubelet.runtime.ContainerSpec;
import dev.klite.kubelet.runtime.ContainerStartException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
  /** The PATH a container gets when its spec sets none (containerd's default for images without one). */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PodWorkerContext ctx;
  private final PodSandbox sandbox;
  private final EnvBuilder envBuilder;

  /** @param retryAfter when the start could not be attempted and must be retried later, else null */
  record Outcome(Duration retryAfter) {}

  ContainerLauncher(PodWorkerContext ctx, PodSandbox sandbox) {
    this.ctx = ctx;
    this.sandbox = sandbox;
    this.envBuilder = new EnvBuilder(ctx.configSource(), ctx.hostIP());
  }

  Outcome launch(Pod pod, ContainerRecord r, Instant now) {
    Container c = r.spec;
    String fieldPath = PodWorker.fieldPath(r);
    if (c.getCommand().isEmpty()) {
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
    List<String> argv = new ArrayList<>();
    c.getCommand().forEach(a -> argv.add(Expansion.expand(a, env)));
    c.getArgs().forEach(a -> argv.add(Expansion.expand(a, env)));

    Map<String, String> processEnv = new LinkedHashMap<>();
    processEnv.put("PATH", DEFAULT_PATH);
    processEnv.put("HOSTNAME", hostname(pod));
    processEnv.put("HOME", System.getProperty("user.home", "/"));
    processEnv.putAll(env);
    Path workingDir = c.getWorkingDir() == null || c.getWorkingDir().isEmpty() ? sandbox.dir()
        : Path.of(c.getWorkingDir());

    String id = HexFormat.of().formatHex(randomBytes());
    int attempt = r.attempt + 1;
    ctx.events().record(pod, fieldPath, EventRecorder.NORMAL, "Pulled",
        "Container image \"" + c.getImage() + "\" already present on machine");
    ctx.events().record(pod, fieldPath, EventRecorder.NORMAL, "Created", "Created container: " + c.getName());
    ContainerHandle handle;
    try {
      handle = ctx.runtime().start(new ContainerSpec(id, argv, processEnv, workingDir,
          sandbox.logFile(c.getName(), attempt)));
    } catch (ContainerStartException e) {
      r.startFailed(id, e.getMessage(), now);
      ctx.events().record(pod, fieldPath, EventRecorder.WARNING, "Failed", "Error: " + e.getMessage());
      return new Outcome(null);
    }
    r.started(handle, id);
    ctx.events().record(pod, fieldPath, EventRecorder.NORMAL, "Started", "Started container " + c.getName());
    return new Outcome(null);
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

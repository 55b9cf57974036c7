package dev.klite.kubelet.mirror;

import dev.klite.kubelet.logs.LogTarget;
import dev.klite.kubelet.logs.LogTargets;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one mirror pod per {@link StaticComponent} in kube-system ({@code pkg/kubelet/pod/mirror_client.go}): creates
 * missing ones, replaces one whose {@code kubernetes.io/config.mirror} hash is outdated, and reports it Running since
 * this kubelet started. The kubelet never runs or kills them (see {@link #isMirror}); their logs are the components'
 * plain-text files. {@link #ensure} makes blocking API calls (start and heartbeat threads); {@link #containers} is
 * non-blocking.
 */
public final class MirrorPodManager implements LogTargets {
  private static final Logger log = LoggerFactory.getLogger(MirrorPodManager.class);
  /** Mirror containers never exit: a follow ends when the client goes away. */
  private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

  private final KubernetesClient client;
  private final String nodeName;
  private final String hostIP;
  private final List<StaticComponent> components;
  private final Instant started;
  private final Map<String, Map<String, LogTarget>> targets;

  public MirrorPodManager(KubernetesClient client, String nodeName, String hostIP, List<StaticComponent> components,
      Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.hostIP = hostIP;
    this.components = List.copyOf(components);
    this.started = clock.instant();
    java.util.HashMap<String, Map<String, LogTarget>> t = new java.util.HashMap<>();
    for (StaticComponent c : components) {
      t.put(MirrorPods.NAMESPACE + "/" + MirrorPods.podName(c, nodeName),
          Map.of(c.name(), new LogTarget(c.logFile(), null, null, true, NEVER, true)));
    }
    this.targets = Map.copyOf(t);
  }

  /** Whether {@code pod} is a mirror pod (the kubelet's workers must leave it alone). */
  public static boolean isMirror(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a != null && a.containsKey(MirrorPods.CONFIG_MIRROR);
  }

  /**
   * Creates or repairs every mirror pod; with {@code refreshStatus} rewrites their status even when present (at
   * start, as the components restarted with this process). Failures are logged and retried on the next call.
   */
  public void ensure(boolean refreshStatus) {
    if (components.isEmpty()) {
      return;
    }
    Node node;
    try {
      node = client.nodes().withName(nodeName).get();
    } catch (KubernetesClientException e) {
      log.warn("cannot read node {} for mirror pods: {}", nodeName, e.getMessage());
      return;
    }
    if (node == null) {
      return;
    }
    for (StaticComponent c : components) {
      try {
        ensure(c, node, refreshStatus);
      } catch (KubernetesClientException e) {
        log.warn("cannot write mirror pod {}/{}: {}", MirrorPods.NAMESPACE, MirrorPods.podName(c, nodeName),
            e.getMessage());
      }
    }
  }

  private void ensure(StaticComponent c, Node node, boolean refreshStatus) {
    var pods = client.pods().inNamespace(MirrorPods.NAMESPACE);
    String name = MirrorPods.podName(c, nodeName);
    Pod existing = pods.withName(name).get();
    String hash = MirrorPods.hash(c, nodeName);
    if (existing != null && (!isMirror(existing) || !hash.equals(existing.getMetadata().getAnnotations()
        .get(MirrorPods.CONFIG_MIRROR)) || existing.getMetadata().getDeletionTimestamp() != null)) {
      // mirror_client.go DeleteMirrorPod: an outdated mirror is deleted and created again.
      log.info("replacing outdated pod {}/{}", MirrorPods.NAMESPACE, name);
      pods.withName(name).withGracePeriod(0).delete();
      existing = null;
    }
    boolean created = false;
    if (existing == null) {
      existing = pods.resource(MirrorPods.pod(c, node, started)).create();
      created = true;
    }
    boolean running = existing.getStatus() != null && "Running".equals(existing.getStatus().getPhase());
    if (created || refreshStatus || !running) {
      pods.resource(new PodBuilder(existing).withStatus(MirrorPods.status(c, hostIP, started)).build())
          .updateStatus();
    }
  }

  @Override
  public Optional<Map<String, LogTarget>> containers(String namespace, String pod) {
    return Optional.ofNullable(targets.get(namespace + "/" + pod));
  }
}

package dev.klite.kubelet.pod;

import dev.klite.kubelet.exec.ExecTarget;
import dev.klite.kubelet.exec.ExecTargets;
import dev.klite.kubelet.logs.LogTarget;
import dev.klite.kubelet.mirror.MirrorPodManager;
import dev.klite.kubelet.stats.StatsSource;
import dev.klite.kubelet.logs.LogTargets;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pods bound to this node (informer with field selector {@code spec.nodeName=<node>}) and hands each to
 * its {@link PodWorker}, keyed by uid. Informer callbacks only hand over; all work happens on the workers' executors.
 */
public final class PodSyncLoop implements LogTargets, ExecTargets {
  private static final Logger log = LoggerFactory.getLogger(PodSyncLoop.class);
  private final KubernetesClient client;
  private final PodWorkerContext ctx;
  private final Map<String, PodWorker> byUid = new ConcurrentHashMap<>();
  private final Map<String, PodWorker> byName = new ConcurrentHashMap<>();
  private final boolean serverSideSelector;
  private SharedIndexInformer<Pod> informer;

  /**
   * @param serverSideSelector whether to ask the server for {@code spec.nodeName=<node>} (always, except against
   *     fabric8's CRUD mock server, whose watches drop events under field selectors it does not know)
   */
  public PodSyncLoop(KubernetesClient client, PodWorkerContext ctx, boolean serverSideSelector) {
    this.client = client;
    this.ctx = ctx;
    this.serverSideSelector = serverSideSelector;
  }

  /** Starts the informer and returns once it has synced. Blocks the caller. */
  public void start(Duration timeout) throws TimeoutException, InterruptedException {
    var pods = client.pods().inAnyNamespace();
    informer = (serverSideSelector ? pods.withField("spec.nodeName", ctx.nodeName()) : pods).runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        accept(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        accept(newPod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        remove(pod);
      }
    });
    try {
      informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("pod informer failed to start: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void accept(Pod pod) {
    // The field selector already filters; this guards against servers that ignore it.
    if (pod.getSpec() == null || !ctx.nodeName().equals(pod.getSpec().getNodeName())) {
      return;
    }
    if (MirrorPodManager.isMirror(pod)) {
      // Mirror pods only show static components; kubelet.go never syncs a mirror pod as a workload.
      return;
    }
    String uid = pod.getMetadata().getUid();
    PodWorker worker = byUid.computeIfAbsent(uid, u -> {
      PodWorker w = new PodWorker(ctx, pod);
      byName.put(key(pod), w);
      log.debug("new pod worker for {} uid={}", key(pod), u);
      return w;
    });
    worker.update(pod);
  }

  private void remove(Pod pod) {
    PodWorker worker = byUid.remove(pod.getMetadata().getUid());
    if (worker != null) {
      byName.remove(key(pod), worker);
      worker.removed();
    }
  }

  @Override
  public Optional<Map<String, LogTarget>> containers(String namespace, String pod) {
    return Optional.ofNullable(byName.get(namespace + "/" + pod)).map(PodWorker::logTargets);
  }

  @Override
  public Optional<Map<String, ExecTarget>> running(String namespace, String pod) {
    return Optional.ofNullable(byName.get(namespace + "/" + pod)).map(PodWorker::execTargets);
  }

  /** The pods with running containers, for {@link StatsSource#pods()}. Non-blocking. */
  public List<StatsSource.Pod> statsPods() {
    return byUid.values().stream().map(PodWorker::statsView).flatMap(Optional::stream).toList();
  }

  /**
   * The directories of the pods bound to this node, from the informer's cache (complete once {@link #start} has
   * returned, whether or not the handlers have run yet).
   */
  public java.util.Set<java.nio.file.Path> podDirs() {
    java.util.Set<java.nio.file.Path> out = new java.util.HashSet<>();
    for (Pod p : informer.getStore().list()) {
      // A finished pod has nothing to adopt: whatever of it still runs is a leftover.
      boolean finished = p.getStatus() != null && PodPhases.isTerminal(p.getStatus().getPhase());
      if (!finished && p.getSpec() != null && ctx.nodeName().equals(p.getSpec().getNodeName())) {
        out.add(PodSandbox.podDir(ctx.rootDir(), p.getMetadata().getNamespace(), p.getMetadata().getName(),
            p.getMetadata().getUid()).toAbsolutePath().normalize());
      }
    }
    return out;
  }

  /** Stops the informer and leaves every container running (see {@code Kubelet#abandon}). */
  public void abandon() {
    if (informer != null) {
      informer.stop();
    }
  }

  /** Stops the informer, then every container (SIGTERM, SIGKILL after {@code grace}); waits up to {@code timeout}. */
  public void shutdown(Duration grace, Duration timeout) {
    if (informer != null) {
      informer.stop();
    }
    List<CompletableFuture<Void>> all = byUid.values().stream().map(w -> w.shutdown(grace)).toList();
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("pod containers did not all stop within {}: {}", timeout, e.toString());
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}

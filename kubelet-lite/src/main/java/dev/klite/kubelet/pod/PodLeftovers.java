package dev.klite.kubelet.pod;

import dev.klite.kubelet.runtime.ContainerHandle;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier kubelet process left running for a pod: its sandbox and the container instances the runtime still
 * supervises are taken over, never started again, as kuberuntime_manager.go computePodActions starts nothing for a
 * container the runtime reports running after a kubelet restart. Runs on the pod's serial executor before its first
 * sync; blocking (files, /proc).
 */
final class PodLeftovers {
  private static final Logger log = LoggerFactory.getLogger(PodLeftovers.class);

  private PodLeftovers() {}

  /**
   * Adopts the pod's sandbox and the newest instance of each container the runtime knows (running, or ended while no
   * kubelet watched) unless the reported status already shows that instance's end. A no-op for a new pod.
   *
   * @return the records that now hold an adopted handle
   */
  static List<ContainerRecord> adopt(PodWorkerContext ctx, Pod pod, PodSandbox sandbox, Confinement confinement,
      List<ContainerRecord> records) {
    confinement.adopt();
    List<ContainerRecord> adopted = records.stream().filter(r -> reattach(ctx, pod, sandbox, confinement, r)).toList();
    if (confinement.namespaces().isPresent() && records.stream().anyMatch(r -> r.strayAfterRestart)) {
      // A container the runtime does not know (it ran without a shim, as where perl is missing, or its shim's state
      // file is gone) cannot be taken over but may still run in the sandbox: rather than let its replacement run next
      // to it, the sandbox goes, and with it every process of the pod. The adopted containers then end (SIGKILL,
      // recorded by their shims) and the restart policy decides.
      confinement.close();
    }
    return adopted;
  }

  private static boolean reattach(PodWorkerContext ctx, Pod pod, PodSandbox sandbox, Confinement confinement,
      ContainerRecord r) {
    int newest = sandbox.newestInstance(r.name());
    if (newest < 0 || newest < r.attempt || (newest == r.attempt && r.terminated != null
        && !ContainerRecord.CONTAINER_STATUS_UNKNOWN.equals(r.terminated.getReason()))) {
      return false;
    }
    Path logFile = sandbox.logFile(r.name(), newest);
    Optional<ContainerHandle> handle = ctx.runtime().adopt(logFile);
    if (handle.isEmpty()) {
      return false;
    }
    r.adoptInstance(handle.get(), newest);
    // What exec, probes and the exit report need, as ContainerLauncher and Confinement set it for a new instance.
    r.userArgv = Confinement.userArgv(pod, r.spec);
    r.env = ProcessEnvironment.of(handle.get().namespacePid());
    Path termination = sandbox.dir().resolve(r.name()).resolve(newest + ".termination-log");
    r.terminationFile = Files.exists(termination) ? termination : null;
    r.startErrorFile = logFile.resolveSibling(logFile.getFileName() + ".start-error");
    confinement.adoptCgroup(r);
    log.info("pod {}/{}: adopted container {} instance {} (pid {})", pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(), r.name(), newest, handle.get().pid());
    return true;
  }
}

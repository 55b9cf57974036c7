package dev.klite.kubelet.runtime;

/**
 * Starts container instances. The kubelet's seam to the operating system: tests may replace it with a fake.
 */
public interface ContainerRuntime extends AutoCloseable {

  /**
   * Starts one container instance. Called from a pod worker thread; may block briefly (process creation).
   *
   * @throws ContainerStartException when the process could not be started (missing executable, bad directory);
   *     the message is shown to users as the terminated container's message
   */
  ContainerHandle start(ContainerSpec spec) throws ContainerStartException;

  /**
   * Finds the instance an earlier process of this runtime started with {@code logFile} (the same node root), as the
   * kubelet's kuberuntime lists the containers the CRI still knows after a kubelet restart. The handle's
   * {@link ContainerHandle#onExit()} is already complete when the instance ended while nobody watched (with its
   * recorded exit status, or {@link ContainerExit#lost()} when its supervisor is gone without a record). Called from a
   * pod worker thread; blocking file I/O.
   *
   * @return empty when no instance was started with that log file, or the runtime cannot outlive its process
   */
  default java.util.Optional<ContainerHandle> adopt(java.nio.file.Path logFile) {
    return java.util.Optional.empty();
  }

  /**
   * Lets go of every container without stopping it, releasing only what the operating system would release for a
   * crashed kubelet process (open file descriptors to the containers). For tests that simulate a kubelet crash.
   */
  default void abandon() {}

  /** A short description of the runtime for {@code nodeInfo.containerRuntimeVersion}. */
  String version();

  /**
   * Kills every container this runtime started and waits for them to exit (bounded). After it returns no process
   * started by this runtime is alive.
   */
  @Override
  void close();
}

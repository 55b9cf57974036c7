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

  /** A short description of the runtime for {@code nodeInfo.containerRuntimeVersion}. */
  String version();

  /**
   * Kills every container this runtime started and waits for them to exit (bounded). After it returns no process
   * started by this runtime is alive.
   */
  @Override
  void close();
}

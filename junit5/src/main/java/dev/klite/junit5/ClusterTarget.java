package dev.klite.junit5;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Where the tests of one class (or one JVM) run: an in-process klite or an external cluster. */
interface ClusterTarget extends AutoCloseable {

  /** A new client with the target's own credentials and default namespace; the caller closes it. */
  KubernetesClient newAdminClient();

  /** A handle whose kubeconfig, client and kubectl default to {@code namespace}; {@code label} names its files. */
  Klite handle(String namespace, String label);

  /** Stops what this target started (nothing for an external cluster) and removes its temporary files. */
  @Override
  void close() throws Exception;
}

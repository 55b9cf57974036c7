package dev.klite.conformance.support;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program run as a pod's process: fabric8 configured the way it configures itself inside a cluster (service
 * account token, CA and namespace files, KUBERNETES_SERVICE_HOST/PORT), no kubeconfig. It prints the names of the
 * pods in its namespace and writes a ConfigMap, so both a read and a write go through the token.
 */
public final class InClusterPodLister {
  private InClusterPodLister() {}

  /** The pod's command: this class run by the test JVM's java with the test class path. */
  public static List<String> command(String configMapName) {
    return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        InClusterPodLister.class.getName(), configMapName));
  }

  public static void main(String[] args) {
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String namespace = client.getNamespace();
      client.pods().inNamespace(namespace).list().getItems()
          .forEach(p -> System.out.println("pod/" + p.getMetadata().getName()));
      client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName(args[0])
          .endMetadata().withData(Map.of("written-by", "fabric8")).build()).create();
      System.out.println("namespace " + namespace);
    }
  }
}

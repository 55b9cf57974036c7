package dev.klite.conformance.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.InClusterPodLister;
import dev.klite.conformance.support.PythonClient;
import dev.klite.conformance.support.TestPods;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Clients running inside pods, configured as they configure themselves in a real cluster: the ServiceAccount
 * admission mounts the kube-api-access volume, kubelet-lite writes the token (TokenRequest), {@code ca.crt}
 * ({@code kube-root-ca.crt}) and namespace, and points {@code KUBERNETES_SERVICE_HOST/PORT} at the API server.
 * Each client lists the pods of its namespace and writes a ConfigMap with the pod's token, which the API server
 * authenticates. HOME is an empty directory so that no kubeconfig of the machine's user is found.
 */
@EnableKlite
class InClusterClientsIT {
  private static final Duration DONE = Duration.ofSeconds(90);

  private String run(KubernetesClient client, String name, String image, List<String> command) {
    Pod pod = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(1L)
        .addNewVolume().withName("home").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage(image).withCommand(command)
        .addNewEnv().withName("HOME").withValue("/home/in-cluster").endEnv()
        .addNewVolumeMount().withName("home").withMountPath("/home/in-cluster").endVolumeMount()
        .endContainer().endSpec().build();
    client.pods().resource(pod).create();
    Pod done = TestPods.await(client, name, DONE, TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, name);
    assertThat(done.getStatus().getPhase()).as("log:\n%s", log).isEqualTo("Succeeded");
    return log;
  }

  private static void assertWritten(KubernetesClient client, String name, String writer) {
    ConfigMap cm = client.configMaps().withName(name).get();
    assertThat(cm).as("ConfigMap %s written from the pod", name).isNotNull();
    assertThat(cm.getData()).containsEntry("written-by", writer);
  }

  @Test
  void kubectlInAPodUsesTheServiceAccountToken(KubernetesClient client) {
    String log = run(client, "in-cluster-kubectl", TestPods.IMAGE, List.of("sh", "-c",
        "kubectl get pods -o name && kubectl create configmap from-kubectl --from-literal=written-by=kubectl"));
    assertThat(log).contains("pod/in-cluster-kubectl").contains("configmap/from-kubectl created");
    assertWritten(client, "from-kubectl", "kubectl");
  }

  @Test
  void fabric8InAPodConfiguresItselfFromTheServiceAccount(KubernetesClient client, Klite klite) {
    String log = run(client, "in-cluster-fabric8", "eclipse-temurin:17", InClusterPodLister.command("from-fabric8"));
    assertThat(log).contains("pod/in-cluster-fabric8").contains("namespace " + klite.namespace());
    assertWritten(client, "from-fabric8", "fabric8");
  }

  @Test
  void pythonClientInAPodLoadsTheInClusterConfig(KubernetesClient client) throws Exception {
    requirePythonClient();
    String script = String.join("\n",
        "from kubernetes import client, config",
        "config.load_incluster_config()",
        "ns = open('/var/run/secrets/kubernetes.io/serviceaccount/namespace').read()",
        "v1 = client.CoreV1Api()",
        "for p in v1.list_namespaced_pod(ns).items: print('pod/' + p.metadata.name)",
        "v1.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name='from-python'),",
        "    data={'written-by': 'python'}))");
    String log = run(client, "in-cluster-python", "python:3", List.of("/usr/bin/python3", "-c", script));
    assertThat(log).contains("pod/in-cluster-python");
    assertWritten(client, "from-python", "python");
  }

  /** Debian's python3-kubernetes for /usr/bin/python3; skipped without it unless CI requires it. */
  private static void requirePythonClient() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("/usr/bin/python3", "-c", "import kubernetes").redirectErrorStream(true).start();
    } catch (IOException e) {
      p = null;
    }
    boolean present = p != null && p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!present) {
      String reason = "/usr/bin/python3 with the kubernetes module (python3-kubernetes) is not installed";
      if ("1".equals(System.getenv(PythonClient.REQUIRE_ENV))) {
        throw new AssertionError(reason + " but " + PythonClient.REQUIRE_ENV + "=1");
      }
      throw new TestAbortedException(reason + "; skipping (set " + PythonClient.REQUIRE_ENV + "=1 to fail instead)");
    }
  }
}

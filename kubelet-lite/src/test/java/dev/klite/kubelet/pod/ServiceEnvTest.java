package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Service environment variables (pkg/kubelet/envvars FromServices, kubelet_pods.go getServiceEnvVarMap). */
class ServiceEnvTest {
  private static Service service(String ns, String name, String ip) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
        .withNewSpec().withClusterIP(ip).addNewPort().withName("http-port").withPort(8765).withProtocol("TCP")
        .endPort().addNewPort().withPort(53).withProtocol("UDP").endPort().endSpec().build();
  }

  @Test
  void servicesOfTheNamespaceGetHostPortAndDockerLinkVariables() {
    Map<String, String> env = ServiceEnv.of("ns", true, List.of(service("ns", "foo-service", "10.0.0.11")), List.of());
    assertThat(env).containsEntry("FOO_SERVICE_SERVICE_HOST", "10.0.0.11")
        .containsEntry("FOO_SERVICE_SERVICE_PORT", "8765")
        .containsEntry("FOO_SERVICE_SERVICE_PORT_HTTP_PORT", "8765")
        .containsEntry("FOO_SERVICE_PORT", "tcp://10.0.0.11:8765")
        .containsEntry("FOO_SERVICE_PORT_8765_TCP", "tcp://10.0.0.11:8765")
        .containsEntry("FOO_SERVICE_PORT_8765_TCP_PROTO", "tcp")
        .containsEntry("FOO_SERVICE_PORT_8765_TCP_PORT", "8765")
        .containsEntry("FOO_SERVICE_PORT_8765_TCP_ADDR", "10.0.0.11")
        .containsEntry("FOO_SERVICE_PORT_53_UDP", "udp://10.0.0.11:53")
        .hasSize(12);
  }

  @Test
  void headlessServicesAreLeftOutAndLinksCanBeDisabledButNotForTheMasterService() {
    List<Service> own = List.of(service("ns", "headless", "None"), service("ns", "app", "10.0.0.12"));
    List<Service> defaults = List.of(service("default", "kubernetes", "10.0.0.1"),
        service("default", "other", "1.2.3.4"));
    assertThat(ServiceEnv.of("ns", true, own, defaults).keySet())
        .anyMatch(k -> k.startsWith("APP_")).anyMatch(k -> k.startsWith("KUBERNETES_"))
        .noneMatch(k -> k.startsWith("HEADLESS_") || k.startsWith("OTHER_"));
    assertThat(ServiceEnv.of("ns", false, own, defaults).keySet())
        .allMatch(k -> k.startsWith("KUBERNETES_")).contains("KUBERNETES_SERVICE_HOST");
  }

  private static Service master() {
    return KubeApiAccessVolumes.masterService();
  }

  @Test
  void theMasterServiceNamesTheAddressTheKubeletReachesTheApiServerAt() {
    List<Service> own = List.of(service("ns", "app", "10.0.0.12"));
    Map<String, String> env = ServiceEnv.of("ns", true, own, List.of(master()), new ApiServerAddress("127.0.0.1",
        6443));
    assertThat(env).containsEntry("KUBERNETES_SERVICE_HOST", "127.0.0.1")
        .containsEntry("KUBERNETES_SERVICE_PORT", "6443")
        .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "6443")
        .containsEntry("KUBERNETES_PORT", "tcp://127.0.0.1:6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP", "tcp://127.0.0.1:6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP_PROTO", "tcp")
        .containsEntry("KUBERNETES_PORT_6443_TCP_PORT", "6443")
        .containsEntry("KUBERNETES_PORT_6443_TCP_ADDR", "127.0.0.1");
    assertThat(env.keySet().stream().filter(k -> k.startsWith("KUBERNETES_"))).hasSize(8);
    assertThat(env).doesNotContainValue("10.96.0.1").doesNotContainKey("KUBERNETES_PORT_443_TCP");
    // Other services keep their cluster IPs.
    assertThat(env).containsEntry("APP_SERVICE_HOST", "10.0.0.12").containsEntry("APP_PORT", "tcp://10.0.0.12:8765");
  }

  @Test
  void inTheDefaultNamespaceAndWithLinksDisabledTheMasterServiceIsRewrittenToo() {
    ApiServerAddress api = new ApiServerAddress("::1", 7443);
    assertThat(ServiceEnv.of("default", true, List.of(master()), List.of(master()), api))
        .containsEntry("KUBERNETES_SERVICE_HOST", "::1").containsEntry("KUBERNETES_PORT", "tcp://[::1]:7443")
        .containsEntry("KUBERNETES_PORT_7443_TCP_ADDR", "::1");
    assertThat(ServiceEnv.of("ns", false, List.of(), List.of(master()), api))
        .containsEntry("KUBERNETES_SERVICE_HOST", "::1").containsEntry("KUBERNETES_SERVICE_PORT", "7443");
  }

  @Test
  void withoutAnApiServerAddressOrMasterServiceNothingChanges() {
    assertThat(ServiceEnv.of("ns", true, List.of(), List.of(master()), null))
        .containsEntry("KUBERNETES_SERVICE_HOST", "10.96.0.1").containsEntry("KUBERNETES_PORT_443_TCP_PORT", "443");
    assertThat(ServiceEnv.of("ns", true, List.of(), List.of(), new ApiServerAddress("127.0.0.1", 6443))).isEmpty();
  }

  @Test
  void theApiServerAddressComesFromTheMasterUrl() throws Exception {
    assertThat(ApiServerAddress.of(new java.net.URL("https://127.0.0.1:6443/")))
        .isEqualTo(new ApiServerAddress("127.0.0.1", 6443));
    assertThat(ApiServerAddress.of(new java.net.URL("https://[::1]:6443")))
        .isEqualTo(new ApiServerAddress("::1", 6443));
    assertThat(ApiServerAddress.of(new java.net.URL("https://k8s.example.com/")))
        .isEqualTo(new ApiServerAddress("k8s.example.com", 443));
  }
}

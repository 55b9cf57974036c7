package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service environment variables of a container ({@code pkg/kubelet/envvars/envvars.go} FromServices and
 * {@code kubelet_pods.go} getServiceEnvVarMap): for every Service with a cluster IP in the pod's namespace (when
 * {@code enableServiceLinks} is not false) and the master service {@code kubernetes} of the {@code default}
 * namespace (always), {@code <NAME>_SERVICE_HOST}, {@code <NAME>_SERVICE_PORT}, {@code <NAME>_SERVICE_PORT_<PORT>}
 * for named ports, and the Docker-link style {@code <NAME>_PORT}, {@code <NAME>_PORT_<port>_<PROTO>} with its
 * {@code _PROTO}, {@code _PORT} and {@code _ADDR}. Names are upper-cased with dashes turned into underscores.
 *
 * <p>One departure from upstream: the master service's variables name the address the kubelet itself reaches the API
 * server at, not the Service's cluster IP. klite's pods are host processes that share the host's network; there is no
 * kube-proxy and nothing routes the cluster IP (10.96.0.1:443), so in-cluster clients (client-go InClusterConfig,
 * fabric8, {@code kubectl} in a pod, the Python client's {@code load_incluster_config}), which build their URL from
 * {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}, could not connect otherwise. The whole
 * {@code KUBERNETES_PORT*} family follows, so the variables stay consistent with each other. Pure.
 */
final class ServiceEnv {
  private ServiceEnv() {}

  /**
   * @param namespaceServices the Services of the pod's namespace
   * @param defaultServices the Services of the {@code default} namespace (only {@code kubernetes} is used)
   */
  static Map<String, String> of(String namespace, boolean enableServiceLinks, List<Service> namespaceServices,
      List<Service> defaultServices) {
    return of(namespace, enableServiceLinks, namespaceServices, defaultServices, null);
  }

  /**
   * @param apiServer where the kubelet reaches the API server, given as the master service's address; null keeps the
   *     Service's own cluster IP and port
   */
  static Map<String, String> of(String namespace, boolean enableServiceLinks, List<Service> namespaceServices,
      List<Service> defaultServices, ApiServerAddress apiServer) {
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Service s : defaultServices) {
      if ("kubernetes".equals(s.getMetadata().getName()) && hasClusterIP(s)) {
        byName.put("kubernetes", s);
      }
    }
    if (enableServiceLinks) {
      for (Service s : namespaceServices) {
        String name = s.getMetadata().getName();
        // The master service keeps its default-namespace address even when the namespace has its own "kubernetes".
        if (hasClusterIP(s) && !(byName.containsKey(name) && !"default".equals(namespace))) {
          byName.put(name, s);
        }
      }
    }
    if (apiServer != null) {
      byName.computeIfPresent("kubernetes", (k, master) -> reachable(master, apiServer));
    }
    List<Service> services = new ArrayList<>(byName.values());
    services.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    Map<String, String> env = new LinkedHashMap<>();
    for (Service s : services) {
      String prefix = s.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
      String ip = s.getSpec().getClusterIP();
      List<ServicePort> ports = s.getSpec().getPorts();
      env.put(prefix + "_SERVICE_HOST", ip);
      if (ports.isEmpty()) {
        continue;
      }
      env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
      for (ServicePort p : ports) {
        if (p.getName() != null && !p.getName().isEmpty()) {
          env.put(prefix + "_SERVICE_PORT_" + p.getName().toUpperCase(Locale.ROOT).replace('-', '_'),
              String.valueOf(p.getPort()));
        }
      }
      ServicePort first = ports.get(0);
      env.put(prefix + "_PORT", url(first, ip));
      for (ServicePort p : ports) {
        String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
        String var = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
        env.put(var, url(p, ip));
        env.put(var + "_PROTO", protocol.toLowerCase(Locale.ROOT));
        env.put(var + "_PORT", String.valueOf(p.getPort()));
        env.put(var + "_ADDR", ip);
      }
    }
    return env;
  }

  /**
   * The master service as pods can reach it: the API server's address and port in place of the cluster IP and the
   * Service port (its first, {@code https}, keeping name and protocol; the master service has only that one).
   */
  private static Service reachable(Service master, ApiServerAddress apiServer) {
    ServicePort first = master.getSpec().getPorts().isEmpty() ? new ServicePort() : master.getSpec().getPorts().get(0);
    ServicePort port = new ServicePortBuilder().withName(first.getName()).withProtocol(first.getProtocol())
        .withPort(apiServer.port()).build();
    return new ServiceBuilder(master).editSpec().withClusterIP(apiServer.host()).withClusterIPs(apiServer.host())
        .withPorts(port).endSpec().build();
  }

  private static boolean hasClusterIP(Service s) {
    String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
    return ip != null && !ip.isEmpty() && !"None".equals(ip);
  }

  private static String url(ServicePort p, String ip) {
    String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return protocol.toLowerCase(Locale.ROOT) + "://" + host + ":" + p.getPort();
  }
}

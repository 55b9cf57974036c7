package dev.klite.apiserver;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Objects every cluster has: the namespaces {@code default}, {@code kube-system},
 * {@code kube-public}, {@code kube-node-lease} and the {@code kubernetes} Service in
 * {@code default} (pkg/controlplane/controller/systemnamespaces, .../kubernetesservice).
 * Created when missing, never changed when present.
 */
final class Bootstrap {
  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
  static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");

  private Bootstrap() {}

  static Future<Void> run(Registry registry, List<ResourceDefinition> defs, int securePort) {
    ResourceDefinition namespaces = core(defs, "namespaces");
    List<Future<?>> steps = new ArrayList<>();
    if (namespaces != null) {
      for (String name : NAMESPACES) {
        ObjectNode ns = Json.object();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        ObjectNode meta = ns.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels").put("kubernetes.io/metadata.name", name);
        steps.add(ignoreExisting(registry.create(namespaces, "", ns, false)));
      }
    }
    return Future.all(steps).compose(v -> {
      ResourceDefinition services = core(defs, "services");
      if (services == null || namespaces == null) return Future.succeededFuture();
      return ignoreExisting(registry.create(services, "default", kubernetesService(securePort), false))
          .recover(err -> {
            log.warn("could not create the kubernetes Service: {}", err.getMessage());
            return Future.succeededFuture();
          });
    }).mapEmpty();
  }

  private static ObjectNode kubernetesService(int securePort) {
    ObjectNode svc = Json.object();
    svc.put("apiVersion", "v1");
    svc.put("kind", "Service");
    ObjectNode meta = svc.putObject("metadata");
    meta.put("name", "kubernetes");
    meta.put("namespace", "default");
    ObjectNode labels = meta.putObject("labels");
    labels.put("component", "apiserver");
    labels.put("provider", "kubernetes");
    ObjectNode spec = svc.putObject("spec");
    spec.put("type", "ClusterIP");
    spec.put("clusterIP", "10.96.0.1");
    spec.putArray("clusterIPs").add("10.96.0.1");
    spec.put("sessionAffinity", "None");
    ObjectNode port = spec.putArray("ports").addObject();
    port.put("name", "https");
    port.put("port", 443);
    port.put("protocol", "TCP");
    port.put("targetPort", securePort);
    return svc;
  }

  private static Future<Object> ignoreExisting(Future<?> f) {
    return f.<Object>map(x -> x).recover(err -> err instanceof ApiException e && e.code() == 409
        ? Future.succeededFuture() : Future.failedFuture(err));
  }

  private static ResourceDefinition core(List<ResourceDefinition> defs, String plural) {
    return defs.stream().filter(d -> d.group().isEmpty() && d.plural().equals(plural)).findFirst().orElse(null);
  }
}

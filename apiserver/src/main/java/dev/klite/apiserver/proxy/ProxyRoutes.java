package dev.klite.apiserver.proxy;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.logs.PodLogProxy;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.http.HttpClient;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code proxy} subresources of nodes and pods, which carry a path after {@code /proxy}:
 * <ul>
 *   <li>{@code /api/v1/nodes/{name}[:port]/proxy/{path}} goes to the Node's kubelet endpoint
 *       ({@code status.daemonEndpoints.kubeletEndpoint.Port} on its InternalIP, or the given port)
 *       with the API server's kubelet credentials, as pkg/registry/core/node/rest/proxy.go and
 *       node/strategy.go ResourceLocation do ({@code kubectl get --raw
 *       /api/v1/nodes/N/proxy/stats/summary});</li>
 *   <li>{@code /api/v1/namespaces/{ns}/pods/[scheme:]{name}[:port]/proxy/{path}} goes to the pod's
 *       IP and port (a number, or a container port name; none means 80), as
 *       pkg/registry/core/pod/strategy.go ResourceLocation does.</li>
 * </ul>
 * The caller was authenticated by the router; its Authorization header is not forwarded.
 */
public final class ProxyRoutes {
  private ProxyRoutes() {}

  /** Adds the routes; must run before the generic resource handler. */
  public static void mount(Router router, Registry registry, ResourceDefinition pods, ResourceDefinition nodes,
      HttpClient client, String kubeletToken) {
    HttpRelay relay = new HttpRelay(client);
    router.route().pathRegex("^/api/v1/nodes/([^/]+)/proxy(/.*)?$").handler(ctx -> {
      Target t = Target.parse(ctx.pathParam("param0"));
      String rest = ctx.pathParam("param1");
      registry.get(nodes, "", t.name()).compose(node -> {
        int port = t.port().isEmpty() ? kubeletPort(node) : number(t.port(), "node port");
        return relay.forward(ctx, PodLogProxy.kubeletHost(node), port, path(rest),
            Map.of("Authorization", "Bearer " + kubeletToken));
      }).onFailure(ctx::fail);
    });
    router.route().pathRegex("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/proxy(/.*)?$").handler(ctx -> {
      Target t = Target.parse(ctx.pathParam("param1"));
      String rest = ctx.pathParam("param2");
      registry.get(pods, ctx.pathParam("param0"), t.name()).compose(pod -> {
        String ip = Fields.string(pod, "status.podIP", "");
        if (ip.isEmpty()) {
          throw new ApiException(503, "ServiceUnavailable", "pod " + t.name() + " has no IP", null, null, null,
              java.util.List.of());
        }
        return relay.forward(ctx, ip, podPort(pod, t.port()), path(rest), Map.of());
      }).onFailure(ctx::fail);
    });
  }

  /** {@code [scheme:]name[:port]} of a proxy URL (upstream's net.SplitSchemeNamePort). */
  record Target(String name, String port) {
    static Target parse(String segment) {
      String[] parts = segment.split(":", -1);
      return switch (parts.length) {
        case 1 -> new Target(parts[0], "");
        case 2 -> new Target(parts[0], parts[1]);
        case 3 -> new Target(parts[1], parts[2]);
        default -> throw ApiException.badRequest("invalid resource name: \"" + segment + "\"");
      };
    }
  }

  private static String path(String rest) {
    return rest == null || rest.isEmpty() ? "/" : rest;
  }

  private static int kubeletPort(ObjectNode node) {
    return (int) (long) Optional.ofNullable(Fields.integer(node, "status.daemonEndpoints.kubeletEndpoint.Port"))
        .orElse(10250L);
  }

  /** A port number, or the number of the named container port; 80 when none is given. */
  private static int podPort(ObjectNode pod, String port) {
    if (port.isEmpty()) return 80;
    if (port.chars().allMatch(Character::isDigit)) return number(port, "pod port");
    for (ObjectNode c : Fields.objects(pod, "spec.containers")) {
      for (ObjectNode p : Fields.objects(c, "ports")) {
        if (port.equals(Fields.string(p, "name", ""))) return (int) (long) Fields.integer(p, "containerPort");
      }
    }
    throw ApiException.badRequest("no container port named \"" + port + "\" in pod "
        + Fields.string(pod, "metadata.name", ""));
  }

  private static int number(String port, String what) {
    try {
      int n = Integer.parseInt(port);
      if (n > 0 && n < 65536) return n;
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw ApiException.badRequest("invalid " + what + ": \"" + port + "\"");
  }
}

package dev.klite.apiserver.serviceaccount;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.ObjectMeta;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The objects a token names (ServiceAccount, Pod, Secret, Node), read through the registry
 * (asynchronous, never blocking the event loop), and the binding rules of a TokenRequest's
 * {@code spec.boundObjectRef} (pkg/registry/core/serviceaccount/storage/token.go).
 */
public final class BoundObjects {
  private final Registry registry;
  private final ResourceDefinition serviceAccounts;
  private final ResourceDefinition pods;
  private final ResourceDefinition secrets;
  private final ResourceDefinition nodes;

  public BoundObjects(Registry registry, List<ResourceDefinition> defs) {
    this.registry = registry;
    this.serviceAccounts = core(defs, "serviceaccounts");
    this.pods = core(defs, "pods");
    this.secrets = core(defs, "secrets");
    this.nodes = core(defs, "nodes");
  }

  /** Whether every kind a token can name is served (custom resource lists in tests may lack some). */
  public static boolean servable(List<ResourceDefinition> defs) {
    return find(defs, "serviceaccounts").isPresent() && find(defs, "pods").isPresent()
        && find(defs, "secrets").isPresent() && find(defs, "nodes").isPresent();
  }

  public ResourceDefinition serviceAccounts() {
    return serviceAccounts;
  }

  Future<ObjectNode> serviceAccount(String namespace, String name) {
    return registry.get(serviceAccounts, namespace, name);
  }

  Future<ObjectNode> pod(String namespace, String name) {
    return registry.get(pods, namespace, name);
  }

  Future<ObjectNode> secret(String namespace, String name) {
    return registry.get(secrets, namespace, name);
  }

  Future<ObjectNode> node(String name) {
    return registry.get(nodes, "", name);
  }

  /** The binding of a TokenRequest for ServiceAccount {@code saName}; {@code ref} null = unbound. */
  Future<TokenClaims.Binding> bind(String namespace, String saName, ObjectNode ref) {
    if (ref == null) return Future.succeededFuture(TokenClaims.Binding.NONE);
    String apiVersion = Fields.string(ref, "apiVersion", "");
    String kind = Fields.string(ref, "kind", "");
    String name = Fields.string(ref, "name", "");
    String uid = Fields.string(ref, "uid", "");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    Future<TokenClaims.Binding> bound;
    if (group.isEmpty() && kind.equals("Pod")) {
      bound = pod(namespace, name).compose(pod -> {
        String podSa = Fields.string(pod, "spec.serviceAccountName", "");
        if (!saName.equals(podSa)) {
          throw ApiException.badRequest("cannot bind token for serviceaccount \"" + saName
              + "\" to pod running with different serviceaccount name.");
        }
        TokenClaims.Ref podRef = ref(pod);
        String nodeName = Fields.string(pod, "spec.nodeName", "");
        if (nodeName.isEmpty()) return Future.succeededFuture(new TokenClaims.Binding(podRef, null, null));
        // A pod's node that does not exist is still named, without a uid (token.go).
        return node(nodeName).map(node -> new TokenClaims.Binding(podRef, null, ref(node)))
            .recover(err -> notFound(err)
                ? Future.succeededFuture(new TokenClaims.Binding(podRef, null, new TokenClaims.Ref(nodeName, "")))
                : Future.failedFuture(ApiException.internal(err.getMessage())));
      });
    } else if (group.isEmpty() && kind.equals("Node")) {
      bound = node(name).map(node -> new TokenClaims.Binding(null, null, ref(node)));
    } else if (group.isEmpty() && kind.equals("Secret")) {
      bound = secret(namespace, name).map(secret -> new TokenClaims.Binding(null, ref(secret), null));
    } else {
      // schema.GroupVersionKind.String()
      throw ApiException.badRequest("cannot bind token to object of type " + group + "/" + version + ", Kind=" + kind);
    }
    return bound.map(binding -> {
      TokenClaims.Ref named = binding.pod() != null ? binding.pod()
          : binding.secret() != null ? binding.secret() : binding.node();
      if (!uid.isEmpty() && !Objects.equals(uid, named.uid())) {
        throw ApiException.conflict("", kind, name, "the UID in the bound object reference (" + uid
            + ") does not match the UID in record. The object might have been deleted and then recreated");
      }
      return binding;
    });
  }

  static boolean notFound(Throwable err) {
    return err instanceof ApiException e && e.code() == 404;
  }

  private static TokenClaims.Ref ref(ObjectNode object) {
    ObjectMeta meta = ObjectMeta.of(object);
    return new TokenClaims.Ref(meta.name(), meta.uid());
  }

  private static ResourceDefinition core(List<ResourceDefinition> defs, String plural) {
    return find(defs, plural).orElseThrow(() -> new IllegalArgumentException("no " + plural + " resource"));
  }

  private static Optional<ResourceDefinition> find(List<ResourceDefinition> defs, String plural) {
    return defs.stream().filter(d -> d.group().isEmpty() && d.plural().equals(plural)).findFirst();
  }
}

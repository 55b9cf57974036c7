package dev.klite.apiserver.storage;

import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.store.Bytes;

/**
 * Storage keys, as upstream lays them out in etcd: {@code /registry/<plural>/<namespace>/<name>}
 * for namespaced and {@code /registry/<plural>/<name>} for cluster-scoped core resources; other
 * groups are qualified: {@code /registry/<group>/<plural>/...}.
 */
public final class KeyScheme {
  private KeyScheme() {}

  /** The prefix of every object of the resource, ending with '/'. */
  public static String resourcePrefix(ResourceDefinition def) {
    if (def.storage() != null) return def.storage().keyPrefix();
    return def.group().isEmpty()
        ? "/registry/" + def.plural() + "/"
        : "/registry/" + def.group() + "/" + def.plural() + "/";
  }

  /** The list/watch prefix: one namespace (namespaced and ns non-empty) or the whole resource. */
  public static String collectionPrefix(ResourceDefinition def, String namespace) {
    if (def.namespaced() && namespace != null && !namespace.isEmpty()) {
      return resourcePrefix(def) + namespace + "/";
    }
    return resourcePrefix(def);
  }

  public static Bytes key(ResourceDefinition def, String namespace, String name) {
    return Bytes.of(def.namespaced()
        ? resourcePrefix(def) + namespace + "/" + name
        : resourcePrefix(def) + name);
  }
}

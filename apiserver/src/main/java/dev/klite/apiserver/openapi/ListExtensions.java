package dev.klite.apiserver.openapi;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The list extensions upstream puts on array properties of the served types
 * ({@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key},
 * {@code x-kubernetes-list-type}, {@code x-kubernetes-list-map-keys}), from the
 * {@code +patchStrategy}/{@code +patchMergeKey}/{@code +listType}/{@code +listMapKey} tags in
 * staging/src/k8s.io/api/core/v1/types.go, staging/src/k8s.io/api/batch/v1/types.go and
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go (v1.32). kubectl up to 1.27 builds
 * {@code apply} patches from them when the protobuf {@code /openapi/v2} exists: without the merge
 * key a container list would be replaced on every apply, which a Job's immutable template
 * rejects.
 */
final class ListExtensions {
  private ListExtensions() {}

  /** The extensions of one list: patch strategy and merge key (both may be null), list type and keys. */
  private record Ext(String strategy, String mergeKey, String listType, List<String> mapKeys) {}

  private static final Ext CONTAINERS = new Ext("merge", "name", "map", List.of("name"));

  /** By simple name of the fabric8 class owning the property, then property name. */
  private static final Map<String, Map<String, Ext>> TABLE = Map.of(
      "PodSpec", Map.of(
          "containers", CONTAINERS,
          "initContainers", CONTAINERS,
          "ephemeralContainers", CONTAINERS,
          "volumes", new Ext("merge,retainKeys", "name", "map", List.of("name")),
          "imagePullSecrets", new Ext("merge", "name", null, List.of()),
          "hostAliases", new Ext("merge", "ip", "map", List.of("ip")),
          "topologySpreadConstraints", new Ext("merge", "topologyKey", "map",
              List.of("topologyKey", "whenUnsatisfiable")),
          "schedulingGates", new Ext("merge", "name", "map", List.of("name")),
          "resourceClaims", new Ext("merge,retainKeys", "name", "map", List.of("name"))),
      "Container", containerLists(),
      "EphemeralContainer", containerLists(),
      "ObjectMeta", Map.of(
          "finalizers", new Ext("merge", null, "set", List.of()),
          "ownerReferences", new Ext("merge", "uid", "map", List.of("uid"))),
      "PodStatus", Map.of(
          "conditions", new Ext("merge", "type", "map", List.of("type")),
          "podIPs", new Ext("merge", "ip", "map", List.of("ip")),
          "hostIPs", new Ext("merge", "ip", "atomic", List.of())),
      "NodeStatus", Map.of(
          "conditions", new Ext("merge", "type", "map", List.of("type")),
          "addresses", new Ext("merge", "type", "atomic", List.of())),
      "JobStatus", Map.of("conditions", new Ext("merge", "type", "atomic", List.of())),
      "ServiceSpec", Map.of("ports", new Ext("merge", "port", "map", List.of("port", "protocol"))),
      "ServiceAccount", Map.of("secrets", new Ext("merge", "name", null, List.of())));

  private static Map<String, Ext> containerLists() {
    return Map.of(
        "ports", new Ext("merge", "containerPort", "map", List.of("containerPort", "protocol")),
        "env", new Ext("merge", "name", "map", List.of("name")),
        "volumeMounts", new Ext("merge", "mountPath", "map", List.of("mountPath")),
        "volumeDevices", new Ext("merge", "devicePath", "map", List.of("devicePath")),
        "resizePolicy", new Ext(null, null, "atomic", List.of()));
  }

  /** Adds the extensions of {@code owner.property} (if any) to its array schema. */
  static void annotate(Class<?> owner, String property, ObjectNode schema) {
    Map<String, Ext> props = TABLE.get(owner.getSimpleName());
    Ext ext = props == null ? null : props.get(property);
    if (ext == null || !"array".equals(schema.path("type").asString(""))) return;
    if (ext.listType() != null) schema.put("x-kubernetes-list-type", ext.listType());
    if (!ext.mapKeys().isEmpty()) {
      ArrayNode keys = schema.putArray("x-kubernetes-list-map-keys");
      ext.mapKeys().forEach(keys::add);
    }
    if (ext.mergeKey() != null) schema.put("x-kubernetes-patch-merge-key", ext.mergeKey());
    if (ext.strategy() != null) schema.put("x-kubernetes-patch-strategy", ext.strategy());
  }
}

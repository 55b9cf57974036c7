package dev.klite.apiserver.resources.core;

import static dev.klite.apiserver.resources.Selectable.bool;
import static dev.klite.apiserver.resources.Selectable.string;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.registry.ResourceStrategy;
import dev.klite.apiserver.table.DefaultTable;
import dev.klite.apiserver.table.EventTable;
import dev.klite.apiserver.table.NamespaceTable;
import dev.klite.apiserver.table.NodeTable;
import dev.klite.apiserver.table.PodTable;
import dev.klite.apiserver.table.PodTemplateTable;
import dev.klite.apiserver.table.ServiceTable;
import dev.klite.apiserver.table.SmallTables;
import dev.klite.apiserver.table.TableConvertor;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * The core/v1 resources with upstream's names, short names, categories, verbs, subresources and
 * selectable fields (pkg/registry/core/&lt;kind&gt;/storage and strategy.go ToSelectableFields).
 */
public final class CoreV1Resources {
  private CoreV1Resources() {}

  /** Namespaces have no deletecollection upstream. */
  static final List<String> NAMESPACE_VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

  public static List<ResourceDefinition> all() {
    return List.of(
        def("Namespace", "namespaces", "namespace", List.of("ns"), List.of(), false, NAMESPACE_VERBS,
            Set.of("status", "finalize"), new NamespaceStrategy(), new NamespaceTable(),
            Map.of("status.phase", string("status.phase")), Namespace.class),
        def("Pod", "pods", "pod", List.of("po"), List.of("all"), true, ResourceDefinition.ALL_VERBS,
            Set.of("status", "log", "binding", "exec", "attach", "eviction", "proxy"), new PodStrategy(), new PodTable(), podFields(), Pod.class),
        def("Node", "nodes", "node", List.of("no"), List.of(), false, ResourceDefinition.ALL_VERBS,
            Set.of("status", "proxy"), new NodeStrategy(), new NodeTable(),
            Map.of("spec.unschedulable", bool("spec.unschedulable")), Node.class),
        def("Event", "events", "event", List.of("ev"), List.of(), true, ResourceDefinition.ALL_VERBS,
            Set.of(), new EventStrategy(), new EventTable(), eventFields(), Event.class),
        def("ConfigMap", "configmaps", "configmap", List.of("cm"), List.of(), true, ResourceDefinition.ALL_VERBS,
            Set.of(), new ConfigMapStrategy(), SmallTables.configMaps(), Map.of(), ConfigMap.class),
        def("Secret", "secrets", "secret", List.of(), List.of(), true, ResourceDefinition.ALL_VERBS,
            Set.of(), new SecretStrategy(), SmallTables.secrets(), Map.of("type", string("type")), Secret.class),
        def("ServiceAccount", "serviceaccounts", "serviceaccount", List.of("sa"), List.of(), true,
            ResourceDefinition.ALL_VERBS, Set.of("token"), SimpleKinds.serviceAccounts(), SmallTables.serviceAccounts(),
            Map.of(), ServiceAccount.class),
        def("Service", "services", "service", List.of("svc"), List.of("all"), true,
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            Set.of("status"), new ServiceStrategy(), new ServiceTable(), Map.of(), Service.class),
        def("Endpoints", "endpoints", "endpoints", List.of("ep"), List.of(), true, ResourceDefinition.ALL_VERBS,
            Set.of(), SimpleKinds.endpoints(), SmallTables.endpoints(), Map.of(), Endpoints.class),
        def("ResourceQuota", "resourcequotas", "resourcequota", List.of("quota"), List.of(), true,
            ResourceDefinition.ALL_VERBS, Set.of("status"), SimpleKinds.resourceQuotas(),
            SmallTables.resourceQuotas(), Map.of(), ResourceQuota.class),
        def("LimitRange", "limitranges", "limitrange", List.of("limits"), List.of(), true,
            ResourceDefinition.ALL_VERBS, Set.of(), SimpleKinds.limitRanges(), SmallTables.limitRanges(), Map.of(),
            LimitRange.class),
        def("PodTemplate", "podtemplates", "podtemplate", List.of(), List.of(), true, ResourceDefinition.ALL_VERBS,
            Set.of(), new PodTemplateStrategy(), new PodTemplateTable(), Map.of(), PodTemplate.class));
  }

  private static ResourceDefinition def(String kind, String plural, String singular, List<String> shortNames,
      List<String> categories, boolean namespaced, List<String> verbs, Set<String> subresources,
      ResourceStrategy strategy, TableConvertor table, Map<String, Function<ObjectNode, String>> fields,
      Class<?> model) {
    return new ResourceDefinition("", "v1", kind, plural, singular, shortNames, categories, namespaced, verbs,
        subresources, strategy, table == null ? new DefaultTable() : table, fields, model);
  }

  /** pkg/registry/core/pod/strategy.go ToSelectableFields. */
  static Map<String, Function<ObjectNode, String>> podFields() {
    return Map.of(
        "spec.nodeName", string("spec.nodeName"),
        "spec.restartPolicy", string("spec.restartPolicy"),
        "spec.schedulerName", string("spec.schedulerName"),
        "spec.serviceAccountName", string("spec.serviceAccountName"),
        "spec.hostNetwork", bool("spec.hostNetwork"),
        "status.phase", string("status.phase"),
        "status.podIP", CoreV1Resources::podIp,
        "status.nominatedNodeName", string("status.nominatedNodeName"));
  }

  private static String podIp(ObjectNode pod) {
    List<ObjectNode> ips = Fields.objects(pod, "status.podIPs");
    if (!ips.isEmpty()) return Fields.string(ips.get(0), "ip", "");
    return Fields.string(pod, "status.podIP", "");
  }

  /** pkg/registry/core/event/strategy.go ToSelectableFields. */
  static Map<String, Function<ObjectNode, String>> eventFields() {
    return Map.ofEntries(
        Map.entry("involvedObject.kind", string("involvedObject.kind")),
        Map.entry("involvedObject.namespace", string("involvedObject.namespace")),
        Map.entry("involvedObject.name", string("involvedObject.name")),
        Map.entry("involvedObject.uid", string("involvedObject.uid")),
        Map.entry("involvedObject.apiVersion", string("involvedObject.apiVersion")),
        Map.entry("involvedObject.resourceVersion", string("involvedObject.resourceVersion")),
        Map.entry("involvedObject.fieldPath", string("involvedObject.fieldPath")),
        Map.entry("reason", string("reason")),
        Map.entry("reportingComponent", string("reportingComponent")),
        // The reporting controller stands in for an empty source (an Event written through
        // events.k8s.io/v1 has none), as upstream's ToSelectableFields.
        Map.entry("source", e -> {
          String component = Fields.string(e, "source.component", "");
          return component.isEmpty() ? Fields.string(e, "reportingComponent", "") : component;
        }),
        Map.entry("type", string("type")));
  }
}

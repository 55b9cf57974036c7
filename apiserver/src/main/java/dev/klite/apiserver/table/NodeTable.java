package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get nodes} (printers.go printNode, findNodeRoles, getNodeInternalIP). */
public final class NodeTable implements TableConvertor {
  static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  static final String ROLE_LABEL = "kubernetes.io/role";

  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(),
        ColumnDefinition.string("Status", "The status of the node"),
        ColumnDefinition.string("Roles", "The roles of the node"),
        Cells.ageColumn(),
        ColumnDefinition.string("Version", "Kubelet Version reported by the node."),
        ColumnDefinition.wide("Internal-IP", "List of addresses reachable to the node."),
        ColumnDefinition.wide("External-IP", "List of addresses reachable to the node."),
        ColumnDefinition.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
        ColumnDefinition.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
        ColumnDefinition.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));
  }

  @Override
  public List<Object> cells(ObjectNode node, Instant now) {
    List<String> status = new ArrayList<>();
    for (ObjectNode c : Fields.objects(node, "status.conditions")) {
      if ("Ready".equals(Fields.string(c, "type"))) {
        status.clear();
        status.add("True".equals(Fields.string(c, "status")) ? "Ready" : "NotReady");
      }
    }
    if (status.isEmpty()) status.add("Unknown");
    if (Fields.isTrue(node, "spec.unschedulable")) status.add("SchedulingDisabled");
    return List.of(Cells.name(node), String.join(",", status), Cells.orNone(String.join(",", roles(node))),
        Cells.age(node, now), Fields.string(node, "status.nodeInfo.kubeletVersion", ""),
        address(node, "InternalIP"), address(node, "ExternalIP"),
        unknownIfEmpty(Fields.string(node, "status.nodeInfo.osImage")),
        unknownIfEmpty(Fields.string(node, "status.nodeInfo.kernelVersion")),
        unknownIfEmpty(Fields.string(node, "status.nodeInfo.containerRuntimeVersion")));
  }

  static TreeSet<String> roles(ObjectNode node) {
    TreeSet<String> roles = new TreeSet<>();
    for (Map.Entry<String, String> e : Fields.stringMap(node, "metadata.labels").entrySet()) {
      if (e.getKey().startsWith(ROLE_PREFIX)) {
        String role = e.getKey().substring(ROLE_PREFIX.length());
        if (!role.isEmpty()) roles.add(role);
      } else if (e.getKey().equals(ROLE_LABEL) && !e.getValue().isEmpty()) {
        roles.add(e.getValue());
      }
    }
    return roles;
  }

  private static String address(ObjectNode node, String type) {
    for (ObjectNode a : Fields.objects(node, "status.addresses")) {
      if (type.equals(Fields.string(a, "type"))) return Fields.string(a, "address", "");
    }
    return "<none>";
  }

  private static String unknownIfEmpty(String s) {
    return s == null || s.isEmpty() ? "<unknown>" : s;
  }
}

package dev.klite.apiserver.table;

import dev.klite.apiserver.object.Fields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code kubectl get services} (printers.go printService, getServiceExternalIP, makePortString). */
public final class ServiceTable implements TableConvertor {
  @Override
  public List<ColumnDefinition> columns() {
    return List.of(Cells.nameColumn(),
        ColumnDefinition.string("Type", "type determines how the Service is exposed."),
        ColumnDefinition.string("Cluster-IP", "clusterIP is the IP address of the service."),
        ColumnDefinition.string("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster "
            + "will also accept traffic for this service."),
        ColumnDefinition.string("Port(s)", "The list of ports that are exposed by this service."),
        Cells.ageColumn(),
        ColumnDefinition.wide("Selector", "Route service traffic to pods with label keys and values matching this "
            + "selector."));
  }

  @Override
  public List<Object> cells(ObjectNode svc, Instant now) {
    List<String> clusterIps = Fields.strings(svc, "spec.clusterIPs");
    String internal = clusterIps.isEmpty() ? "<none>" : clusterIps.get(0);
    return List.of(Cells.name(svc), Fields.string(svc, "spec.type", ""), internal, externalIp(svc),
        Cells.orNone(ports(svc)), Cells.age(svc, now), Cells.formatLabels(Fields.stringMap(svc, "spec.selector")));
  }

  static String externalIp(ObjectNode svc) {
    List<String> external = Fields.strings(svc, "spec.externalIPs");
    switch (Fields.string(svc, "spec.type", "")) {
      case "ClusterIP", "NodePort":
        return external.isEmpty() ? "<none>" : String.join(",", external);
      case "LoadBalancer":
        List<String> ips = new ArrayList<>();
        for (ObjectNode ing : Fields.objects(svc, "status.loadBalancer.ingress")) {
          String ip = Fields.string(ing, "ip", "");
          ips.add(ip.isEmpty() ? Fields.string(ing, "hostname", "") : ip);
        }
        ips.addAll(external);
        return ips.isEmpty() ? "<pending>" : String.join(",", ips);
      case "ExternalName":
        return Fields.string(svc, "spec.externalName", "");
      default:
        return "<unknown>";
    }
  }

  static String ports(ObjectNode svc) {
    List<String> out = new ArrayList<>();
    for (ObjectNode p : Fields.objects(svc, "spec.ports")) {
      String proto = Fields.string(p, "protocol", "");
      Long port = Fields.integer(p, "port");
      Long nodePort = Fields.integer(p, "nodePort");
      if (nodePort != null && nodePort > 0) out.add(port + ":" + nodePort + "/" + proto);
      else out.add(port + "/" + proto);
    }
    return String.join(",", out);
  }
}

package dev.klite.apiserver.resources.core;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.resources.common.BasicStrategy;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.MetadataValidation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services, minimally (pkg/registry/core/service/strategy.go, pkg/apis/core/v1/defaults.go
 * SetDefaults_Service): type ClusterIP, session affinity None, port protocol/targetPort defaults,
 * single-stack IPv4, a cluster IP from 10.96.0.0/16 derived from the uid (klite has no service
 * network, the address is informational), DNS-1035 names, port checks, clusterIP immutability.
 */
public final class ServiceStrategy extends BasicStrategy {
  static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");

  public ServiceStrategy() {
    super(true, true, MetadataValidation.DNS1035);
  }

  static void applyDefaults(ObjectNode svc) {
    ObjectNode spec = Fields.ensureObject(svc, "spec");
    Fields.setIfAbsent(spec, "type", "ClusterIP");
    Fields.setIfAbsent(spec, "sessionAffinity", "None");
    for (ObjectNode port : Fields.objects(spec, "ports")) {
      Fields.setIfAbsent(port, "protocol", "TCP");
      if (!Fields.has(port, "targetPort") && Fields.has(port, "port")) port.set("targetPort", port.get("port"));
    }
    if (!"ExternalName".equals(Fields.string(spec, "type"))) {
      Fields.setIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    }
  }

  @Override
  public void prepareForCreate(ObjectNode svc) {
    applyDefaults(svc);
    ObjectNode spec = Fields.ensureObject(svc, "spec");
    if (!"ExternalName".equals(Fields.string(spec, "type"))) {
      String ip = Fields.string(spec, "clusterIP", "");
      if (ip.isEmpty()) {
        ip = addressFor(Fields.string(svc, "metadata.uid", Fields.string(svc, "metadata.name", "")));
        spec.put("clusterIP", ip);
      }
      if (!Fields.has(spec, "clusterIPs")) spec.putArray("clusterIPs").add(ip);
      if (!ip.equals("None") || Fields.has(spec, "selector")) {
        Fields.setIfAbsent(spec, "ipFamilies", Json.array().add("IPv4"));
        Fields.setIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
      }
    }
    Fields.set(svc, "status", Json.object().set("loadBalancer", Json.object()));
  }

  static String addressFor(String seed) {
    int h = seed.hashCode() & 0xffff;
    int third = (h >> 8) & 0xff;
    int fourth = h & 0xff;
    if (third == 0 && fourth < 2) fourth = 2;
    if (fourth == 255) fourth = 254;
    return "10.96." + third + "." + fourth;
  }

  @Override
  public void prepareForUpdate(ObjectNode svc, ObjectNode old) {
    super.prepareForUpdate(svc, old);
    applyDefaults(svc);
    // A PUT without clusterIP keeps the allocated one (as upstream's patchAllocatedValues).
    if (!Fields.has(svc, "spec.clusterIP")) Fields.copy(old, svc, "spec.clusterIP");
    if (!Fields.has(svc, "spec.clusterIPs")) Fields.copy(old, svc, "spec.clusterIPs");
  }

  @Override
  public List<StatusCause> validate(ObjectNode svc) {
    List<StatusCause> causes = super.validate(svc);
    String type = Fields.string(svc, "spec.type", "ClusterIP");
    if (!TYPES.contains(type)) causes.add(StatusCause.notSupported("spec.type", type, TYPES));
    List<ObjectNode> ports = Fields.objects(svc, "spec.ports");
    boolean headless = "None".equals(Fields.string(svc, "spec.clusterIP"));
    if (ports.isEmpty() && !headless && !type.equals("ExternalName")) causes.add(StatusCause.required("spec.ports"));
    Set<String> names = new HashSet<>();
    int i = 0;
    for (ObjectNode port : ports) {
      String p = "spec.ports[" + i++ + "]";
      String name = Fields.string(port, "name", "");
      if (ports.size() > 1 && name.isEmpty()) causes.add(StatusCause.required(p + ".name"));
      if (!name.isEmpty() && !names.add(name)) causes.add(StatusCause.duplicate(p + ".name", name));
      Long number = Fields.integer(port, "port");
      if (number == null || number < 1 || number > 65535) {
        causes.add(Causes.invalid(p + ".port", number == null ? 0 : number, "must be between 1 and 65535, inclusive"));
      }
      String proto = Fields.string(port, "protocol", "TCP");
      if (!PodSpecValidation.PROTOCOLS.contains(proto)) {
        causes.add(StatusCause.notSupported(p + ".protocol", proto, PodSpecValidation.PROTOCOLS));
      }
    }
    return causes;
  }

  @Override
  public List<StatusCause> validateUpdate(ObjectNode svc, ObjectNode old) {
    List<StatusCause> causes = validate(svc);
    String oldIp = Fields.string(old, "spec.clusterIP", "");
    String ip = Fields.string(svc, "spec.clusterIP", "");
    if (!oldIp.isEmpty() && !oldIp.equals(ip) && !"ExternalName".equals(Fields.string(svc, "spec.type"))) {
      ArrayNode ips = Fields.array(svc, "spec.clusterIPs");
      causes.add(Causes.invalid("spec.clusterIPs[0]", ips == null || ips.isEmpty() ? ip : ips.get(0).asString(),
          "may not change once set"));
    }
    return causes;
  }

  @Override
  public boolean generationChanged(ObjectNode object, ObjectNode old) {
    return false;
  }
}

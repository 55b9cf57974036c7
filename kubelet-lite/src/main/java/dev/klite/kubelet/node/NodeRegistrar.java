package dev.klite.kubelet.node;

import dev.klite.kubelet.runtime.Rfc3339;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the Node and keeps it alive ({@code pkg/kubelet/kubelet_node_status.go}, {@code nodestatus/setters.go},
 * {@code nodelease/controller.go}): creates or updates Node {@code <name>} with labels, writes its status through
 * {@code nodes/status}, and renews Lease {@code kube-node-lease/<name>}. Blocking; called from the kubelet's
 * heartbeat thread.
 */
public final class NodeRegistrar {
  private static final Logger log = LoggerFactory.getLogger(NodeRegistrar.class);
  public static final String KUBELET_VERSION = "v1.32.4-klite";
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_DURATION_SECONDS = 40;

  private final KubernetesClient client;
  private final String nodeName;
  private final String address;
  private final int endpointPort;
  private final HostInfo host;
  private final String runtimeVersion;
  private final Clock clock;
  private String readySince;
  private boolean leaseWarned;

  public NodeRegistrar(KubernetesClient client, String nodeName, String address, int endpointPort, HostInfo host,
      String runtimeVersion, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.address = address;
    this.endpointPort = endpointPort;
    this.host = host;
    this.runtimeVersion = runtimeVersion;
    this.clock = clock;
  }

  /** The quantities a pod may use, also used for resourceFieldRef fallbacks. */
  public Map<String, String> capacity() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpu", Integer.toString(host.cpus()));
    m.put("ephemeral-storage", host.ephemeralStorageKi() + "Ki");
    m.put("memory", host.memoryKi() + "Ki");
    m.put("pods", "110");
    return m;
  }

  /** Creates the Node or merges our labels into an existing one, then writes its status. */
  public Node register() {
    Node existing = client.nodes().withName(nodeName).get();
    Node node;
    if (existing == null) {
      node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName)
          .withLabels(labels()).endMetadata().withNewSpec().endSpec().build()).create();
      log.info("registered node {}", nodeName);
    } else {
      Map<String, String> merged = new LinkedHashMap<>(existing.getMetadata().getLabels());
      merged.putAll(labels());
      node = client.nodes().withName(nodeName).edit(n -> new NodeBuilder(n).editMetadata().withLabels(merged)
          .endMetadata().build());
    }
    return updateStatus(node);
  }

  /** Rewrites the node status (lastHeartbeatTime refreshed). Retries once on conflict with a fresh read. */
  public Node heartbeatStatus() {
    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      return register();
    }
    return updateStatus(node);
  }

  private Node updateStatus(Node node) {
    for (int attempt = 0; ; attempt++) {
      try {
        Node withStatus = new NodeBuilder(node).withStatus(status(node.getStatus())).build();
        return client.nodes().resource(withStatus).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 3) {
          throw e;
        }
        node = client.nodes().withName(nodeName).get();
      }
    }
  }

  /** Creates or renews the node Lease (holderIdentity, 40 s duration, renewTime now). */
  public void renewLease() {
    Instant now = clock.instant();
    // MicroTime: the API keeps microseconds.
    java.time.ZonedDateTime renew = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    try {
      Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(nodeName).get();
      if (lease == null) {
        Node node = client.nodes().withName(nodeName).get();
        LeaseBuilder b = new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(LEASE_NAMESPACE)
            .endMetadata().withNewSpec().withHolderIdentity(nodeName)
            .withLeaseDurationSeconds(LEASE_DURATION_SECONDS).withRenewTime(renew).endSpec();
        if (node != null) {
          // Owned by the Node so that deleting the Node removes its Lease (nodelease/controller.go setNodeOwnerFunc).
          b.editMetadata().addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(nodeName)
              .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata();
        }
        client.leases().inNamespace(LEASE_NAMESPACE).resource(b.build()).create();
      } else {
        lease.getSpec().setHolderIdentity(nodeName);
        lease.getSpec().setLeaseDurationSeconds(LEASE_DURATION_SECONDS);
        lease.getSpec().setRenewTime(renew);
        client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).update();
      }
      leaseWarned = false;
    } catch (KubernetesClientException e) {
      if (!leaseWarned) {
        log.warn("cannot renew node lease {}/{}: {}", LEASE_NAMESPACE, nodeName, e.getMessage());
        leaseWarned = true;
      }
    }
  }

  Map<String, String> labels() {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("beta.kubernetes.io/arch", host.architecture());
    l.put("beta.kubernetes.io/os", "linux");
    l.put("kubernetes.io/arch", host.architecture());
    l.put("kubernetes.io/hostname", nodeName);
    l.put("kubernetes.io/os", "linux");
    return l;
  }

  NodeStatus status(NodeStatus previous) {
    String now = Rfc3339.seconds(clock.instant());
    if (readySince == null) {
      readySince = now;
    }
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity().forEach((k, v) -> capacity.put(k, new Quantity(v)));
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(new LinkedHashMap<>(capacity))
        .withConditions(List.of(
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available",
                now, previous),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now,
                previous),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now,
                previous),
            condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, previous)))
        .withAddresses(new NodeAddress(address, "InternalIP"), new NodeAddress(host.hostname(), "Hostname"))
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(endpointPort).endKubeletEndpoint()
        .endDaemonEndpoints()
        .withNewNodeInfo()
        .withArchitecture(host.architecture()).withOperatingSystem("linux")
        .withKubeletVersion(KUBELET_VERSION).withKubeProxyVersion(KUBELET_VERSION)
        .withOsImage(host.osImage()).withKernelVersion(host.kernelVersion())
        .withContainerRuntimeVersion(runtimeVersion)
        .withMachineID(host.machineID()).withSystemUUID(host.systemUUID()).withBootID(host.bootID())
        .endNodeInfo()
        .build();
  }

  private static NodeCondition condition(String type, String status, String reason, String message, String now,
      NodeStatus previous) {
    String transition = now;
    if (previous != null && previous.getConditions() != null) {
      for (NodeCondition c : previous.getConditions()) {
        if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
          transition = c.getLastTransitionTime();
        }
      }
    }
    NodeCondition c = new NodeCondition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(message);
    c.setLastHeartbeatTime(now);
    c.setLastTransitionTime(transition);
    return c;
  }
}

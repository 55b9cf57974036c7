package dev.klite.kubelet.mirror;

import dev.klite.kubelet.node.NodeRegistrar;
import dev.klite.kubelet.runtime.Rfc3339;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mirror pod of a {@link StaticComponent}, shaped as the kubelet creates mirrors of kubeadm's static pods
 * ({@code pkg/kubelet/pod/mirror_client.go} CreateMirrorPod: the {@code kubernetes.io/config.mirror} annotation set to
 * the static pod's hash, a controller ownerReference to the Node) and as kubeadm labels them ({@code component},
 * {@code tier: control-plane}). Pure.
 */
public final class MirrorPods {
  public static final String NAMESPACE = "kube-system";
  public static final String CONFIG_MIRROR = "kubernetes.io/config.mirror";
  static final String CONFIG_HASH = "kubernetes.io/config.hash";
  static final String CONFIG_SEEN = "kubernetes.io/config.seen";
  static final String CONFIG_SOURCE = "kubernetes.io/config.source";

  private MirrorPods() {}

  /** {@code <component>-<nodeName>}, the name kubelet gives a static pod. */
  public static String podName(StaticComponent c, String nodeName) {
    return c.name() + "-" + nodeName;
  }

  static String image(StaticComponent c) {
    return "registry.k8s.io/" + c.name() + ":" + NodeRegistrar.KUBELET_VERSION;
  }

  /** The static pod's hash (upstream hashes the pod spec): changes when the image or node changes. */
  static String hash(StaticComponent c, String nodeName) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((c.name() + "\n" + image(c) + "\n" + nodeName)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The mirror pod to create (no status: the API server drops it on create). */
  static Pod pod(StaticComponent c, Node node, Instant seen) {
    String nodeName = node.getMetadata().getName();
    String hash = hash(c, nodeName);
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CONFIG_HASH, hash);
    annotations.put(CONFIG_MIRROR, hash);
    annotations.put(CONFIG_SEEN, Rfc3339.nano(seen));
    annotations.put(CONFIG_SOURCE, "file");
    return new PodBuilder().withNewMetadata().withName(podName(c, nodeName)).withNamespace(NAMESPACE)
        .withLabels(Map.of("component", c.name(), "tier", "control-plane")).withAnnotations(annotations)
        .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(nodeName)
        .withUid(node.getMetadata().getUid()).withController(true).endOwnerReference().endMetadata()
        .withNewSpec().withNodeName(nodeName).withHostNetwork(true).withPriorityClassName("system-node-critical")
        .withPriority(2000001000).withRestartPolicy("Always").withTerminationGracePeriodSeconds(30L)
        .withDnsPolicy("ClusterFirst").withSchedulerName("default-scheduler").withEnableServiceLinks(true)
        .addNewToleration().withOperator("Exists").withEffect("NoExecute").endToleration()
        .addNewContainer().withName(c.name()).withImage(image(c)).withCommand(c.name())
        .withImagePullPolicy("IfNotPresent").withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File").endContainer()
        .endSpec().build();
  }

  /** Running and Ready since {@code started}, on the node's address (host network). */
  static PodStatus status(StaticComponent c, String hostIP, Instant started) {
    String at = Rfc3339.seconds(started);
    List<PodCondition> conditions = new ArrayList<>();
    for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
        "PodScheduled")) {
      conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(at).build());
    }
    return new PodStatusBuilder().withPhase("Running").withConditions(conditions).withHostIP(hostIP)
        .addNewHostIP(hostIP).withPodIP(hostIP).addNewPodIP(hostIP).withStartTime(at).withQosClass("BestEffort")
        .withContainerStatuses(new ContainerStatusBuilder().withName(c.name()).withImage(image(c))
            .withImageID(image(c)).withContainerID("klite://mirror-" + c.name()).withReady(true).withStarted(true)
            .withRestartCount(0).withNewState().withNewRunning(at).endState().build())
        .build();
  }
}

package dev.klite.controller.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchedulingPolicyTest {

  static Node node(String name, boolean ready, String cpu) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels("zone", "a").endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus()
          .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
          .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity("1Gi"))
          .addToAllocatable("pods", new Quantity("2"))
        .endStatus()
        .build();
  }

  static Pod pod(String name, String cpu, String nodeName) {
    return new PodBuilder()
        .withNewMetadata().withNamespace("ns").withName(name).withUid(name).endMetadata()
        .withNewSpec().withNodeName(nodeName)
          .addNewContainer().withName("c").withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources()
          .endContainer()
        .endSpec()
        .withNewStatus().withPhase(nodeName == null ? "Pending" : "Running").endStatus()
        .build();
  }

  static Stream<Arguments> decisions() {
    Node tainted = new NodeBuilder(node("t", true, "4")).editSpec().addNewTaint().withKey("dedicated")
        .withValue("gpu").withEffect("NoSchedule").endTaint().endSpec().build();
    Node cordoned = new NodeBuilder(node("u", true, "4")).editSpec().withUnschedulable(true).endSpec().build();
    return Stream.of(
        Arguments.of("no nodes", List.of(), List.of(), "no nodes available to schedule pods"),
        Arguments.of("not ready node", List.of(node("n", false, "4")), List.of(),
            "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. "
                + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."),
        Arguments.of("insufficient cpu", List.of(node("n", true, "1")), List.of(pod("other", "800m", "n")),
            "0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
        Arguments.of("too many pods", List.of(node("n", true, "8")),
            List.of(pod("o1", "0", "n"), pod("o2", "0", "n")),
            "0/1 nodes are available: 1 Too many pods. "
                + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."),
        Arguments.of("mixed reasons are counted and sorted", List.of(tainted, cordoned, node("n", true, "0.1")), List.of(),
            "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}, "
                + "1 node(s) were unschedulable. preemption: 0/3 nodes are available: "
                + "1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void unschedulableMessagesMatchUpstream(String name, List<Node> nodes, List<Pod> bound, String message) {
    SchedulingPolicy.Decision d = SchedulingPolicy.schedule(pod("new", "500m", null), nodes, SchedulingPolicy.usage(bound));
    assertThat(d.node()).isEmpty();
    assertThat(d.message()).isEqualTo(message);
  }

  @Test
  void terminalPodsFreeTheirResources() {
    Pod done = new PodBuilder(pod("done", "1", "n")).editStatus().withPhase("Succeeded").endStatus().build();
    var d = SchedulingPolicy.schedule(pod("new", "1", null), List.of(node("n", true, "1")),
        SchedulingPolicy.usage(List.of(done)));
    assertThat(d.node()).contains("n");
  }

  @Test
  void nodeSelectorPicksTheMatchingNodeAndPrefersTheLeastAllocated() {
    Pod p = pod("new", "100m", null);
    Node busy = node("busy", true, "1");
    Node idle = node("idle", true, "1");
    Map<String, SchedulingPolicy.NodeUsage> usage = SchedulingPolicy.usage(List.of(pod("x", "500m", "busy")));
    assertThat(SchedulingPolicy.schedule(p, List.of(busy, idle), usage).node()).contains("idle");

    p.getSpec().setNodeSelector(Map.of("zone", "b"));
    Node zoneB = new NodeBuilder(busy).editMetadata().addToLabels("zone", "b").endMetadata().build();
    assertThat(SchedulingPolicy.schedule(p, List.of(zoneB, idle), usage).node()).contains("busy");
  }

  @Test
  void tolerationAllowsATaintedNode() {
    Node tainted = new NodeBuilder(node("t", true, "4")).editSpec().addNewTaint().withKey("dedicated")
        .withValue("gpu").withEffect("NoSchedule").endTaint().endSpec().build();
    Pod p = new PodBuilder(pod("new", "1", null)).editSpec().addNewToleration().withKey("dedicated")
        .withOperator("Equal").withValue("gpu").withEffect("NoSchedule").endToleration().endSpec().build();
    assertThat(SchedulingPolicy.schedule(p, List.of(tainted), Map.of()).node()).contains("t");
  }

  @Test
  void initContainersCountByTheirMaximum() {
    Pod p = new PodBuilder(pod("new", "200m", null)).editSpec().addNewInitContainer().withName("init")
        .withNewResources().addToRequests("cpu", new Quantity("1")).endResources().endInitContainer().endSpec().build();
    assertThat(NodeFit.requests(p).get("cpu")).isEqualByComparingTo("1");
  }
}

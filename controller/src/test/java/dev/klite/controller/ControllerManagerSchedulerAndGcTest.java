package dev.klite.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduler and garbage collector through the whole ControllerManager against fabric8's CRUD
 * mock. The mock stores a POSTed Binding as an object (it does not set {@code spec.nodeName} as a
 * real API server does), so the binding is asserted by reading that object back.
 */
@EnableKubernetesMockClient(crud = true)
class ControllerManagerSchedulerAndGcTest {

  KubernetesClient client;
  private ControllerManager manager;

  @BeforeEach
  void start() {
    client.nodes().resource(node("node-a", true, "disk", "ssd")).create();
    manager = ControllerManager.start(client, new ControllerManagerConfig(Clock.systemUTC(), Duration.ofMillis(50),
        Duration.ofSeconds(1), 2).withJobSyncBatchPeriod(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    manager.close();
    client.nodes().withName("node-a").delete();
  }

  static Node node(String name, boolean ready, String labelKey, String labelValue) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).addToLabels(labelKey, labelValue).endMetadata()
        .withNewStatus()
          .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
          .addToAllocatable("cpu", new Quantity("2")).addToAllocatable("memory", new Quantity("4Gi"))
          .addToAllocatable("pods", new Quantity("110"))
        .endStatus()
        .build();
  }

  static Pod pod(String ns, String name) {
    return new PodBuilder()
        .withNewMetadata().withNamespace(ns).withName(name).withUid(name + "-uid").endMetadata()
        .withNewSpec().withSchedulerName("default-scheduler")
          .addNewContainer().withName("main").withImage("busybox")
            .withNewResources().addToRequests("cpu", new Quantity("500m")).endResources()
          .endContainer()
        .endSpec()
        .build();
  }

  private List<Event> events(String ns, String involved) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void bindsPendingPodToReadyNodeAndRecordsScheduled() {
    client.pods().inNamespace("s1").resource(pod("s1", "web")).create();

    MockCluster.eventually().untilAsserted(() -> {
      Binding binding = client.bindings().inNamespace("s1").withName("web").get();
      assertThat(binding).isNotNull();
      assertThat(binding.getTarget().getKind()).isEqualTo("Node");
      assertThat(binding.getTarget().getApiVersion()).isEqualTo("v1");
      assertThat(binding.getTarget().getName()).isEqualTo("node-a");
      assertThat(events("s1", "web")).singleElement().satisfies(e -> {
        assertThat(e.getReason()).isEqualTo("Scheduled");
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getMessage()).isEqualTo("Successfully assigned s1/web to node-a");
        assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
      });
    });
  }

  @Test
  void podWhoseNodeSelectorMatchesNoNodeIsMarkedUnschedulable() {
    Pod pod = pod("s2", "picky");
    pod.getSpec().setNodeSelector(java.util.Map.of("disk", "hdd"));
    client.pods().inNamespace("s2").resource(pod).create();

    String message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. "
        + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";
    MockCluster.eventually().untilAsserted(() -> {
      Pod current = client.pods().inNamespace("s2").withName("picky").get();
      assertThat(current.getStatus()).isNotNull();
      assertThat(current.getStatus().getConditions()).singleElement().satisfies(c -> {
        assertThat(c.getType()).isEqualTo("PodScheduled");
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("Unschedulable");
        assertThat(c.getMessage()).isEqualTo(message);
      });
      assertThat(events("s2", "picky")).singleElement().satisfies(e -> {
        assertThat(e.getReason()).isEqualTo("FailedScheduling");
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getMessage()).isEqualTo(message);
      });
    });
    assertThat(client.bindings().inNamespace("s2").withName("picky").get()).isNull();
  }

  @Test
  void deletesPodWhoseOwningJobNoLongerExists() {
    Pod orphan = new PodBuilder(pod("g1", "leftover"))
        .editMetadata().addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName("gone")
          .withUid("uid-of-a-deleted-job").withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .editSpec().withNodeName("node-a").endSpec()
        .build();
    Pod unrelated = new PodBuilder(pod("g1", "standalone")).editSpec().withNodeName("node-a").endSpec().build();
    client.pods().inNamespace("g1").resource(orphan).create();
    client.pods().inNamespace("g1").resource(unrelated).create();

    MockCluster.eventually()
        .untilAsserted(() -> assertThat(client.pods().inNamespace("g1").withName("leftover").get()).isNull());
    assertThat(client.pods().inNamespace("g1").withName("standalone").get()).isNotNull();
  }

  @Test
  void foregroundDeletionIsNotBlockedByADependencyCircle() {
    // conformance: "Garbage collector should not be blocked by dependency circle" (pods owning each other)
    Pod p1 = client.pods().inNamespace("g3").resource(new PodBuilder(pod("g3", "p1")).editMetadata()
        .withUid(null).endMetadata().build()).create();
    Pod p2 = client.pods().inNamespace("g3").resource(ownedBy(pod("g3", "p2"), p1)).create();
    Pod p3 = client.pods().inNamespace("g3").resource(ownedBy(pod("g3", "p3"), p2)).create();
    Pod p1Owned = client.pods().inNamespace("g3").withName("p1").get();
    p1Owned.getMetadata().setOwnerReferences(ownedBy(pod("g3", "x"), p3).getMetadata().getOwnerReferences());
    p1Owned.getMetadata().setFinalizers(List.of("foregroundDeletion"));
    client.pods().inNamespace("g3").resource(p1Owned).update();

    client.pods().inNamespace("g3").withName("p1").delete();

    MockCluster.eventually().untilAsserted(() -> assertThat(client.pods().inNamespace("g3").list().getItems()).isEmpty());
  }

  private static Pod ownedBy(Pod pod, Pod owner) {
    return new PodBuilder(pod).editMetadata().withUid(null).addNewOwnerReference().withApiVersion("v1").withKind("Pod")
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withBlockOwnerDeletion(true)
        .endOwnerReference().endMetadata().build();
  }

  @Test
  void foregroundDeletionRemovesDependentsThenTheOwnersFinalizer() {
    io.fabric8.kubernetes.api.model.batch.v1.Job job = MockCluster.job("g2", "fg", 1, 1, 6);
    job.getSpec().setManagedBy("example.com/not-the-job-controller");
    job.getMetadata().setFinalizers(List.of("foregroundDeletion"));
    job = client.batch().v1().jobs().inNamespace("g2").resource(job).create();
    Pod dependent = new PodBuilder(pod("g2", "dep"))
        .editMetadata().addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName("fg")
          .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .editSpec().withNodeName("node-a").endSpec()
        .build();
    client.pods().inNamespace("g2").resource(dependent).create();

    client.batch().v1().jobs().inNamespace("g2").withName("fg").delete();

    MockCluster.eventually().untilAsserted(() -> {
      assertThat(client.pods().inNamespace("g2").withName("dep").get()).isNull();
      assertThat(client.batch().v1().jobs().inNamespace("g2").withName("fg").get()).isNull();
    });
  }

  @Test
  void unschedulablePodIsBoundOnceAFittingNodeAppears() {
    Pod pod = pod("s3", "waiting");
    pod.getSpec().setNodeSelector(java.util.Map.of("disk", "nvme"));
    client.pods().inNamespace("s3").resource(pod).create();
    MockCluster.eventually().untilAsserted(() -> assertThat(events("s3", "waiting"))
        .extracting(Event::getReason).containsExactly("FailedScheduling"));

    client.nodes().resource(node("node-nvme", true, "disk", "nvme")).create();
    try {
      MockCluster.eventually().untilAsserted(() -> {
        Binding binding = client.bindings().inNamespace("s3").withName("waiting").get();
        assertThat(binding.getTarget().getName()).isEqualTo("node-nvme");
        assertThat(events("s3", "waiting")).extracting(Event::getReason).contains("Scheduled");
      });
    } finally {
      client.nodes().withName("node-nvme").delete();
    }
  }
}

package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.kubelet.images.ImageRules;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.runtime.LogLimits;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one IsolationUnavailable message says exactly what the host could not give the pod. Pure. */
class ConfinementTest {
  private static final Path ROOT = Path.of("/var/lib/klite");

  private static Confinement confinement(HostCapabilities host) {
    PodWorkerContext ctx = new PodWorkerContext("node-a", "10.0.0.1", ROOT, null, new FakePodApi(),
        new FakeEventRecorder(), null, Runnable::run, null, Clock.systemUTC(), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Map.of(), host, new ImageRules(List.of()), LogLimits.UNLIMITED);
    return new Confinement(ctx, new PodSandbox(ROOT, "ns", "p", "uid"));
  }

  private static Pod pod(boolean limits) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("uid").endMetadata()
        .withNewSpec()
        .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("cfg").endConfigMap().endVolume()
        .addNewContainer().withName("main").withNewResources()
        .addToLimits(limits ? Map.of("memory", new Quantity("64Mi")) : Map.of()).endResources().endContainer()
        .endSpec().build();
  }

  @Test
  void withoutNamespacesTheMessageNamesTheReasonTheVolumesAndTheUnenforcedLimits() {
    HostCapabilities host = HostCapabilities.none("the kubelet does not run as root");
    assertThat(confinement(host).unavailableMessage(pod(true))).contains("containers run as plain host processes "
        + "(the kubelet does not run as root): no mount, UTS or PID namespace, the hostname is the node's; volumes "
        + "are not mounted at their mountPath (emptyDir \"work\" is the host directory "
        + "/var/lib/klite/pods/ns_p_uid/volumes/kubernetes.io~empty-dir/work, volume \"cfg\" is written to the host "
        + "directory /var/lib/klite/pods/ns_p_uid/volumes/kubernetes.io~configmap/cfg); resources.limits of "
        + "containers [main] are not enforced (no cgroups: the kubelet does not run as root)");
  }

  @Test
  void withNamespacesButNoCgroupsOnlyTheLimitsAreReported() {
    HostCapabilities host = new HostCapabilities(null, null, "no cgroup v1 memory and cpu hierarchy found");
    assertThat(confinement(host).unavailableMessage(pod(true))).contains("resources.limits of containers [main] are "
        + "not enforced (no cgroups: no cgroup v1 memory and cpu hierarchy found)");
    assertThat(confinement(host).unavailableMessage(pod(false))).isEmpty();
  }

  @Test
  void ttyContainersWithoutUtilLinuxScriptAreNamedOnce() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .addNewInitContainer().withName("setup").withTty(true).endInitContainer()
        .addNewContainer().withName("main").withTty(true).endContainer()
        .addNewContainer().withName("side").endContainer().endSpec().build();
    assertThat(Confinement.ttyUnavailable(pod, false)).isEqualTo("; containers [setup main] get no terminal for "
        + "tty: true (util-linux script is not installed)");
    assertThat(Confinement.ttyUnavailable(pod, true)).isEmpty();
    assertThat(Confinement.ttyUnavailable(pod(false), false)).isEmpty();
  }

  @Test
  void onlyAMountPathUnderATopLevelDirectoryTheHostLacksNeedsAPrivateRoot() {
    assertThat(Confinement.needsPrivateRoot(mounting())).isFalse();
    assertThat(Confinement.needsPrivateRoot(mounting("/tmp/work", "/etc/config"))).isFalse();
    assertThat(Confinement.needsPrivateRoot(mounting("/tmp/work", "/klite-no-such-top-level/data"))).isTrue();
  }

  private static Pod mounting(String... paths) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("uid").endMetadata()
        .withNewSpec().addNewVolume().withName("v").withNewEmptyDir().endEmptyDir().endVolume().endSpec();
    var c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("main");
    for (String p : paths) {
      c.addNewVolumeMount().withName("v").withMountPath(p).endVolumeMount();
    }
    // The last mount goes to an init container: both kinds count.
    Pod pod = b.editSpec().addToContainers(c.build()).endSpec().build();
    if (paths.length > 1) {
      var init = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("init")
          .addNewVolumeMount().withName("v").withMountPath(paths[paths.length - 1]).endVolumeMount().build();
      pod.getSpec().getContainers().get(0).getVolumeMounts().remove(paths.length - 1);
      pod.getSpec().setInitContainers(List.of(init));
    }
    return pod;
  }
}

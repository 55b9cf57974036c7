package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.Leaks;
import dev.klite.kubelet.images.ImageRules;
import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.runtime.LocalProcessRuntime;
import dev.klite.kubelet.runtime.LogLimits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPathBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pods in their own mount, UTS and PID namespaces with volumes and cgroups, against real processes. Needs root and
 * working {@code unshare}; skipped with the reason otherwise ({@link PodWorkerTest} covers the plain-process path).
 */
class IsolatedPodTest extends IsolatedPodHarness {
  @Test
  void guidePatternsSeeThePodHostnameAndAnEmptyDirAtItsMountPathOnly() throws Exception {
    String dir = "/klite-test-data-" + ProcessHandle.current().pid();
    Pod pod = pod("process-items-job-0-x7k2p").editSpec()
        .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "echo 'Processing complete' > " + dir + "/result.txt; cat " + dir + "/result.txt; "
                + "hostname | cut -d'-' -f4-; tr '\\0' ' ' < /proc/1/cmdline; echo; cat /etc/hostname; "
                + "grep process-items /etc/hosts")
        .addNewVolumeMount().withName("work").withMountPath(dir).endVolumeMount().endContainer()
        .endSpec().build();
    run(pod);
    PodStatus s = awaitPhase("Succeeded");
    assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getReason()).isEqualTo("Completed");
    String out = log(pod, "main");
    assertThat(out).contains("stdout F Processing complete").contains("stdout F 0-x7k2p");
    // The pod has its own PID namespace: its PID 1 is the pod's holder, not the host's init.
    assertThat(out).contains("klite-pause");
    // The kubelet-managed /etc/hosts and the runtime's /etc/hostname name the pod.
    assertThat(out).contains("stdout F process-items-job-0-x7k2p\n", "stdout F 10.1.2.3\tprocess-items-job-0-x7k2p");
    assertThat(Path.of(dir)).doesNotExist();
    assertThat(Files.readString(new PodSandbox(root, "ns", pod.getMetadata().getName(), pod.getMetadata().getUid())
        .emptyDir("work").resolve("result.txt"))).isEqualTo("Processing complete\n");
    assertThat(events.events).noneMatch(e -> e.contains("IsolationUnavailable"));
  }

  @Test
  void writesConfigMapSecretDownwardApiAndProjectedFilesReadOnlyWithModes() throws Exception {
    configMaps.put("cfg", new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
        .addToData("a", "alpha").addToData("b", "beta").build());
    secrets.put("sec", new SecretBuilder().withNewMetadata().withName("sec").endMetadata()
        .addToData("token", Base64.getEncoder().encodeToString("s3cret".getBytes())).build());
    String etcDir = "/etc/klite-test-" + ProcessHandle.current().pid();
    Pod pod = pod("files").editSpec()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("cfg")
        .withItems(new KeyToPathBuilder().withKey("a").withMode(0600).withPath("sub/a.txt").build()).endConfigMap().endVolume()
        .addNewVolume().withName("sec").withNewSecret().withSecretName("sec").withDefaultMode(0400).endSecret()
        .endVolume()
        .addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels").withNewFieldRef()
        .withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI().endVolume()
        .addNewVolume().withName("all").withNewProjected().addNewSource().withNewConfigMap().withName("cfg")
        .endConfigMap().endSource().addNewSource().withNewDownwardAPI().addNewItem().withPath("name")
        .withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endSource()
        .endProjected().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "cat /config/sub/a.txt; echo; cat " + etcDir + "/sec/token; echo; cat /info/labels; echo; "
                + "cat /all/b /all/name; echo; stat -L -c '%a' /config/sub/a.txt " + etcDir + "/sec/token; "
                + "touch /config/x 2>/dev/null || echo read-only")
        .addNewVolumeMount().withName("cfg").withMountPath("/config").endVolumeMount()
        .addNewVolumeMount().withName("sec").withMountPath(etcDir + "/sec").endVolumeMount()
        .addNewVolumeMount().withName("info").withMountPath("/info").endVolumeMount()
        .addNewVolumeMount().withName("all").withMountPath("/all").endVolumeMount()
        .endContainer().endSpec().build();
    run(pod);
    awaitPhase("Succeeded");
    assertThat(log(pod, "main")).contains("stdout F alpha", "stdout F s3cret", "stdout F app=\"demo\"",
        "stdout F betafiles", "stdout F 600", "stdout F 400", "stdout F read-only");
    assertThat(Path.of(etcDir)).doesNotExist();
  }

  @Test
  void aMissingConfigMapKeepsTheContainerCreatingWithAFailedMountWarning() {
    Pod pod = pod("nocfg").editSpec()
        .addNewVolume().withName("cfg").withNewConfigMap().withName("absent").endConfigMap().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("true")
        .addNewVolumeMount().withName("cfg").withMountPath("/config").endVolumeMount().endContainer()
        .endSpec().build();
    PodWorker w = run(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events).contains(
        "Warning FailedMount null: MountVolume.SetUp failed for volume \"cfg\" : configmap \"absent\" not found"));
    await().atMost(TIMEOUT).untilAsserted(() -> {
      var waiting = api.last().getContainerStatuses().get(0).getState().getWaiting();
      assertThat(waiting.getReason()).isEqualTo("ContainerCreating");
      assertThat(waiting.getMessage()).contains("configmap \"absent\" not found");
    });
    w.removed();
    await().atMost(TIMEOUT).until(w::finished);
  }

  @Test
  void exceedingTheMemoryLimitEndsOomKilledWith137() throws Exception {
    Assumptions.assumeTrue(host.cgroups() != null, () -> "cgroups unavailable: " + host.cgroupsUnavailable());
    Pod pod = pod("oom").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo ${#x}")
        .withNewResources().addToLimits("memory", new Quantity("64Mi")).addToLimits("cpu", new Quantity("500m"))
        .endResources().endContainer().endSpec().build();
    run(pod);
    PodStatus s = awaitPhase("Failed");
    var t = s.getContainerStatuses().get(0).getState().getTerminated();
    assertThat(t.getReason()).isEqualTo("OOMKilled");
    assertThat(t.getExitCode()).isEqualTo(137);
    String id = s.getContainerStatuses().get(0).getContainerID().substring("klite://".length());
    assertThat(host.cgroups().dirs("klite-" + id.substring(0, 16))).allSatisfy(d -> assertThat(d).doesNotExist());
  }

  @Test
  void aHostPathIsBoundAtItsMountPathAndWritesReachTheHost() throws Exception {
    Path shared = Files.createDirectories(root.resolve("shared"));
    Files.writeString(shared.resolve("in.txt"), "from-host");
    String target = "/klite-test-hostpath-" + ProcessHandle.current().pid();
    Pod pod = pod("hostpath-ok").editSpec()
        .addNewVolume().withName("h").withNewHostPath().withPath(shared.toString()).withType("Directory")
        .endHostPath().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "cat " + target + "/in.txt; echo; echo from-pod > " + target + "/out.txt")
        .addNewVolumeMount().withName("h").withMountPath(target).endVolumeMount().endContainer()
        .endSpec().build();
    run(pod);
    awaitPhase("Succeeded");
    assertThat(log(pod, "main")).contains("stdout F from-host");
    assertThat(Files.readString(shared.resolve("out.txt"))).isEqualTo("from-pod\n");
    assertThat(Path.of(target)).doesNotExist();
  }

  @Test
  void aHostPathOfTheWrongTypeFailsTheMount() {
    Pod pod = pod("hostpath").editSpec()
        .addNewVolume().withName("h").withNewHostPath().withPath("/etc/hostname").withType("Directory").endHostPath()
        .endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("true")
        .addNewVolumeMount().withName("h").withMountPath("/h").endVolumeMount().endContainer()
        .endSpec().build();
    PodWorker w = run(pod);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events.events).contains("Warning FailedMount null: "
        + "MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: /etc/hostname is not a directory"));
    w.removed();
    await().atMost(TIMEOUT).until(w::finished);
  }

  @Test
  void aMemoryEmptyDirIsATmpfsOfItsSizeLimitInsideThePodOnly() throws Exception {
    Pod pod = pod("memvol").editSpec()
        .addNewVolume().withName("m").withNewEmptyDir().withMedium("Memory").withSizeLimit(new Quantity("8Mi"))
        .endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "df -k /scratch | tail -1; echo data > /scratch/f; cat /scratch/f")
        .addNewVolumeMount().withName("m").withMountPath("/scratch").endVolumeMount().endContainer()
        .endSpec().build();
    run(pod);
    awaitPhase("Succeeded");
    assertThat(log(pod, "main")).containsPattern("stdout F klite-memory +8192 ").contains("stdout F data");
    // The data lived in the pod's tmpfs, not in the host directory.
    assertThat(new PodSandbox(root, "ns", "memvol", "memvol-uid").emptyDir("m").resolve("f")).doesNotExist();
  }

  @Test
  void execProbesRunInsideTheContainersNamespaces() {
    String dir = "/klite-test-probe-" + ProcessHandle.current().pid();
    Pod pod = pod("probed").editSpec()
        .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox")
        .withCommand("sh", "-c", "touch " + dir + "/ready; exec sleep 30")
        .withReadinessProbe(new io.fabric8.kubernetes.api.model.ProbeBuilder().withNewExec()
            .withCommand("sh", "-c", "test -f " + dir + "/ready && test \"$(hostname)\" = probed").endExec()
            .withPeriodSeconds(1).build())
        .addNewVolumeMount().withName("work").withMountPath(dir).endVolumeMount().endContainer()
        .endSpec().build();
    PodWorker w = run(pod);
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(api.last().getContainerStatuses()
        .get(0).getReady()).isTrue());
    assertThat(Path.of(dir)).doesNotExist();
    w.removed();
    await().atMost(TIMEOUT).until(w::finished);
  }

  @Test
  void gracefulDeletionDeliversSigtermToTheContainerNotToItsLauncher() throws Exception {
    Pod pod = pod("graceful").editSpec().withTerminationGracePeriodSeconds(20L)
        .addNewVolume().withName("work").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "trap 'echo bye; exit 0' TERM; echo up; sleep 30 & wait")
        .addNewVolumeMount().withName("work").withMountPath("/work").withSubPath("sub").endVolumeMount()
        .endContainer().endSpec().build();
    PodWorker w = run(pod);
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> log(pod, "main").contains("stdout F up"));
    Pod deleting = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withDeletionGracePeriodSeconds(20L).endMetadata().build();
    w.update(deleting);
    await().atMost(TIMEOUT).until(() -> api.deleted.contains("graceful-uid"));
    var t = api.last().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(t.getExitCode()).isZero();
    assertThat(log(pod, "main")).contains("stdout F bye");
    w.removed();
    await().atMost(TIMEOUT).until(w::finished);
  }

  @Test
  void aWorkingDirMissingInsideThePodIsAStartError() {
    Pod pod = pod("nowd").editSpec().addNewContainer().withName("main").withImage("busybox")
        .withCommand("true").withWorkingDir("/klite-no-such-dir").endContainer().endSpec().build();
    run(pod);
    PodStatus s = awaitPhase("Failed");
    var t = s.getContainerStatuses().get(0).getState().getTerminated();
    assertThat(t.getReason()).isEqualTo("StartError");
    assertThat(t.getExitCode()).isEqualTo(128);
    assertThat(t.getMessage()).endsWith("chdir to cwd (\"/klite-no-such-dir\") set in config.json failed: no such "
        + "file or directory");
  }
}

package dev.klite.kubelet.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.kubelet.Leaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The pod sandbox holder: its namespaces, its teardown, and orphans of a dead kubelet. Needs root + unshare. */
@EnabledOnOs(OS.LINUX)
class PodNamespacesTest {
  private static HostCapabilities host;
  @TempDir Path root;

  @BeforeAll
  static void detect() {
    host = HostCapabilities.detect();
  }

  private Path podDir() throws Exception {
    Assumptions.assumeTrue(host.namespaces(), () -> "pod namespaces unavailable: " + host.namespacesUnavailable());
    return Files.createDirectories(root.resolve("pods").resolve("ns_p_uid"));
  }

  @Test
  void theHolderIsPid1OfItsOwnNamespacesAndCloseLeavesNothing() throws Exception {
    PodNamespaces ns = PodNamespaces.start(podDir(), "pod-host", List.of(), true);
    try {
      String self = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
      String pod = Files.readSymbolicLink(Path.of("/proc/" + ns.holderPid() + "/ns/pid")).toString();
      assertThat(pod).isNotEqualTo(self);
      Process p = new ProcessBuilder(concat(PodNamespaces.execArgv(ns.holderPid()), "hostname"))
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(new String(p.getInputStream().readAllBytes()).strip()).isEqualTo("pod-host");
      // The pod's root (a tmpfs) is mounted once: at "/", not again inside itself under the pod directory.
      Process m = new ProcessBuilder(concat(PodNamespaces.execArgv(ns.holderPid()), "grep", "-c", "klite-rootfs",
          "/proc/self/mountinfo")).redirectErrorStream(true).start();
      assertThat(m.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(new String(m.getInputStream().readAllBytes()).strip()).isEqualTo("1");
    } finally {
      ns.close();
    }
    assertThat(ns.alive()).isFalse();
    assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
    assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
  }

  @Test
  void withoutAPrivateRootThePodSeesTheHostFilesButOnlyItsOwnProcesses() throws Exception {
    PodNamespaces ns = PodNamespaces.start(podDir(), "light-host", List.of(), false);
    try {
      // ps reads /proc: only the pod's own PID namespace shows (the holder as PID 1, then ps itself).
      Process p = new ProcessBuilder(concat(PodNamespaces.execArgv(ns.holderPid()), "sh", "-c",
          "hostname; ls /proc | grep -c '^[0-9]'; test -d " + root + " && echo host-visible"))
          .redirectErrorStream(true).start();
      assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      List<String> lines = new String(p.getInputStream().readAllBytes()).strip().lines().toList();
      assertThat(lines.get(0)).isEqualTo("light-host");
      assertThat(Integer.parseInt(lines.get(1))).isLessThan(10);
      assertThat(lines.get(2)).isEqualTo("host-visible");
      Process m = new ProcessBuilder(concat(PodNamespaces.execArgv(ns.holderPid()), "grep", "-c", "klite-rootfs",
          "/proc/self/mountinfo")).redirectErrorStream(true).start();
      assertThat(m.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(new String(m.getInputStream().readAllBytes()).strip()).isEqualTo("0");
    } finally {
      ns.close();
    }
    assertThat(Leaks.processesMentioning(root.toString())).isEmpty();
    assertThat(Leaks.mountsMentioning(root.toString())).isEmpty();
  }

  @Test
  void sandboxesOfADeadKubeletAreFoundAndKilled() throws Exception {
    PodNamespaces ns = PodNamespaces.start(podDir(), "orphan", List.of(), false);
    try {
      assertThat(OrphanSandboxes.under(root)).hasSize(1);
      assertThat(OrphanSandboxes.under(root.resolve("elsewhere"))).isEmpty();
      assertThat(OrphanSandboxes.killUnder(root, java.util.Set.of())).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(Leaks.processesMentioning(root.toString())).isEmpty());
    } finally {
      ns.close();
    }
  }

  private static List<String> concat(List<String> a, String... b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(List.of(b));
    return out;
  }
}

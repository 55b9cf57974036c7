package dev.klite.conformance.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.klite.conformance.support.KliteProcess;
import dev.klite.junit5.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klite server} as users run it: the kubeconfig it writes, a clean stop on SIGTERM that
 * leaves no pod process behind, a restart on the same data dir that finds everything as it was,
 * and a crash (SIGKILL) after which the restarted server adopts the pods still running (issue #5).
 */
class KliteServerProcessIT {

  @TempDir Path dataDir;
  @TempDir Path work;

  @Test
  void sigtermStopsPodsAndRestartKeepsEveryObjectUidAndResourceVersion() throws Exception {
    String marker = "klite-marker-" + UUID.randomUUID();
    String before;
    try (KliteProcess klite = KliteProcess.start(dataDir)) {
      assertThat(klite.kubeconfig()).isEqualTo(dataDir.resolve("kubeconfig"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(klite.kubeconfig()))).isEqualTo("rw-------");
      Kubectl kubectl = Kubectl.forKubeconfig(klite.kubeconfig(), work.resolve("cache"));

      Path objects = Files.writeString(work.resolve("objects.yaml"), """
          apiVersion: v1
          kind: Namespace
          metadata:
            name: keep
          ---
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: settings
            namespace: keep
          data:
            a: "1"
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: sleeper
            namespace: keep
          spec:
            restartPolicy: Never
            containers:
            - name: main
              image: busybox:1.35
              command: ["sh", "-c", "sleep 300; echo %s"]
          """.formatted(marker));
      kubectl.run("apply", "-f", objects.toString()).orThrow();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(kubectl.run("get", "pod", "sleeper", "-n", "keep", "-o", "jsonpath={.status.phase}").orThrow())
              .isEqualTo("Running"));
      assertThat(processesWith(marker)).as("the pod's process runs").isPositive();

      before = snapshot(kubectl);
      int exit = klite.terminate(Duration.ofSeconds(60));
      assertThat(exit).as("exit code after SIGTERM (0, or 143 = killed by SIGTERM after the shutdown hook)").isIn(0, 143);
      assertThat(klite.log()).contains("klite stopped");
    }
    assertThat(processesWith(marker)).as("no pod process survives klite").isZero();

    try (KliteProcess again = KliteProcess.start(dataDir)) {
      Kubectl kubectl = Kubectl.forKubeconfig(again.kubeconfig(), work.resolve("cache2"));
      assertThat(snapshot(kubectl)).isEqualTo(before);
      again.terminate(Duration.ofSeconds(60));
    }
  }

  @Test
  void aRestartAfterSigkillAdoptsThePodsStillRunningWithoutRunningThemTwice() throws Exception {
    String marker = "klite-adopt-" + UUID.randomUUID();
    Path pod = Files.writeString(work.resolve("pod.yaml"), """
        apiVersion: v1
        kind: Pod
        metadata:
          name: survivor
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.35
            command: ["sh", "-c", "i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done; echo %s"]
        """.formatted(marker));
    String status = "jsonpath={.status.phase} {.status.containerStatuses[0].containerID} "
        + "{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].state.running.startedAt}";
    String before;
    long ticksBefore;
    java.util.Set<Long> pids;
    try (KliteProcess klite = KliteProcess.start(dataDir)) {
      Kubectl kubectl = Kubectl.forKubeconfig(klite.kubeconfig(), work.resolve("cache"));
      kubectl.run("apply", "-f", pod.toString()).orThrow();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(kubectl.run("get", "pod", "survivor", "-o", "jsonpath={.status.phase}").orThrow())
              .isEqualTo("Running"));
      before = kubectl.run("get", "pod", "survivor", "-o", status).orThrow();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(kubectl.run("logs", "survivor").orThrow()).contains("tick 3"));
      ticksBefore = kubectl.run("logs", "survivor").orThrow().lines().count();
      pids = pidsWith(marker);
      assertThat(pids).isNotEmpty();
      klite.kill(Duration.ofSeconds(60));
    }
    assertThat(pidsWith(marker)).as("the pod's processes outlive a crashed klite").isEqualTo(pids);

    try (KliteProcess again = KliteProcess.start(dataDir)) {
      Kubectl kubectl = Kubectl.forKubeconfig(again.kubeconfig(), work.resolve("cache2"));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(kubectl.run("logs", "survivor").orThrow().lines().count()).isGreaterThan(ticksBefore + 5));
      assertThat(kubectl.run("get", "pod", "survivor", "-o", status).orThrow())
          .as("adopted: same container, start time and restart count 0").isEqualTo(before);
      assertThat(pidsWith(marker)).as("the same processes, none started twice").isEqualTo(pids);
      kubectl.run("delete", "pod", "survivor", "--grace-period=1").orThrow();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pidsWith(marker)).isEmpty());
      again.terminate(Duration.ofSeconds(60));
    }
  }

  private static java.util.Set<Long> pidsWith(String marker) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .map(ProcessHandle::pid)
        .collect(java.util.stream.Collectors.toSet());
  }

  /** name, uid and resourceVersion of the objects nothing changes on its own. */
  private static String snapshot(Kubectl kubectl) {
    return kubectl.run("get", "namespaces,configmaps", "-A", "-o",
        "jsonpath={range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name} {.metadata.uid} {.metadata.resourceVersion}{\"\\n\"}{end}")
        .orThrow();
  }

  private static long processesWith(String marker) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
        .count();
  }
}

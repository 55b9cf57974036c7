package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl exec} through the real kubectl: output and exit codes over WebSocket, and, when
 * the kubelet refuses, the kubelet's own message after kubectl's SPDY fallback (as upstream's
 * upgrade-aware proxy passes it through), not a generic "Upgrade request required".
 */
@EnableKlite
class KubectlExecIT {
  private static final Duration RUNNING = Duration.ofSeconds(90);

  @Test
  void execRunsTheCommandAndReportsItsExitCode(Klite klite) {
    klite.kubectl("run", "shell", "--image=busybox:1.35", "--command", "--", "sleep", "3600").orThrow();
    klite.kubectl("wait", "--for=condition=Ready", "pod/shell", "--timeout=" + RUNNING.toSeconds() + "s").orThrow();

    assertThat(klite.kubectl("exec", "shell", "--", "echo", "hi").orThrow()).isEqualTo("hi\n");
    KubectlResult failed = klite.kubectl("exec", "shell", "--", "sh", "-c", "exit 3");
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.stderr()).contains("command terminated with exit code 3");
  }

  @Test
  void aContainerThatIsNotRunningGetsTheKubeletsMessage(Klite klite) {
    startPodWhoseMainContainerWaits(klite);

    KubectlResult refused = klite.kubectl("exec", "starting", "-c", "main", "--", "true");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("error: unable to upgrade connection: container not found (\"main\")")
        .doesNotContain("Upgrade request required");
  }

  /** A pod "starting" whose init container runs for an hour, so its container "main" never starts. */
  static void startPodWhoseMainContainerWaits(Klite klite) {
    klite.kubectl().runWithStdin("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: starting
        spec:
          initContainers:
          - name: setup
            image: busybox:1.35
            command: ["sleep", "3600"]
          containers:
          - name: main
            image: busybox:1.35
            command: ["sleep", "3600"]
        """, "apply", "-f", "-").orThrow();
    klite.kubectl("wait", "--for=jsonpath={.status.initContainerStatuses[0].state.running}", "pod/starting",
        "--timeout=" + RUNNING.toSeconds() + "s").orThrow();
  }
}

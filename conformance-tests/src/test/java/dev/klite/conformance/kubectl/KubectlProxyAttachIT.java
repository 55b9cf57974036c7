package dev.klite.conformance.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import dev.klite.junit5.KubectlResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The kubelet behind the API server through the real kubectl: {@code get --raw
 * /api/v1/nodes/N/proxy/stats/summary} (the node proxy upstream's metrics-server and
 * {@code kubectl get --raw} users rely on) and {@code kubectl attach} (pods/attach over WebSocket,
 * relayed to the kubelet's /attach endpoint).
 */
@EnableKlite
class KubectlProxyAttachIT {
  private static final Duration RUNNING = Duration.ofSeconds(90);

  @Test
  void nodeProxyServesTheKubeletsStatsSummary(Klite klite) {
    String node = klite.kubectl("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").orThrow().trim();
    assertThat(node).isNotEmpty();
    String summary = klite.kubectl("get", "--raw", "/api/v1/nodes/" + node + "/proxy/stats/summary").orThrow();
    assertThat(summary).contains("\"node\"").contains("\"nodeName\":\"" + node + "\"");

    KubectlResult missing = klite.kubectl("get", "--raw", "/api/v1/nodes/no-such-node/proxy/stats/summary");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.stderr()).contains("Error from server (NotFound)");
  }

  @Test
  void attachStreamsWhatTheContainerPrintsFromNowOn(Klite klite) {
    klite.kubectl().runWithStdin("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: ticker
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.35
            command: ["sh", "-c", "i=0; while [ $i -lt 40 ]; do echo tick $i; i=$((i+1)); sleep 0.5; done"]
        """, "apply", "-f", "-").orThrow();
    klite.kubectl("wait", "--for=condition=Ready", "pod/ticker", "--timeout=" + RUNNING.toSeconds() + "s").orThrow();

    // kubectl attach follows the output until the container exits, then ends with status 0.
    KubectlResult attached = klite.kubectl("attach", "ticker", "-c", "main");
    assertThat(attached.exitCode()).as(attached.stderr()).isZero();
    assertThat(attached.stdout()).contains("tick 39");
  }

  @Test
  void attachWithStdinFeedsAStdinOnceContainerUntilKubectlsInputEnds(Klite klite) {
    klite.kubectl().runWithStdin("""
        apiVersion: v1
        kind: Pod
        metadata:
          name: talk
        spec:
          restartPolicy: Never
          containers:
          - name: main
            image: busybox:1.35
            stdin: true
            stdinOnce: true
            command: ["sh", "-c", "while read l; do echo got $l; done; echo bye"]
        """, "apply", "-f", "-").orThrow();
    klite.kubectl("wait", "--for=condition=Ready", "pod/talk", "--timeout=" + RUNNING.toSeconds() + "s").orThrow();

    // kubectl closes its stdin stream at the end of its input: with stdinOnce that is the container's end of file.
    KubectlResult attached = klite.kubectl().runWithStdin("one\ntwo\n", "attach", "-i", "talk", "-c", "main");
    assertThat(attached.exitCode()).as(attached.stderr()).isZero();
    assertThat(attached.stdout()).contains("got one\ngot two\nbye\n");
    klite.kubectl("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/talk",
        "--timeout=" + RUNNING.toSeconds() + "s").orThrow();
  }
}

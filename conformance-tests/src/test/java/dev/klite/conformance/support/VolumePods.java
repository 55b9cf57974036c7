package dev.klite.conformance.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;

/** Pods that mount volumes and print what they see, for the configMap/secret/projected volume specs. */
public final class VolumePods {
  private VolumePods() {}

  /**
   * Runs {@code script} (restartPolicy Never, optionally as {@code runAsUser}) with the volumes mounted; returns the
   * lines it printed joined with {@code \n} (whether the last one ended in a line break is not what these specs check).
   */
  public static String run(KubernetesClient client, String name, List<Volume> volumes, List<VolumeMount> mounts, Long runAsUser,
      Long fsGroup, String script) {
    PodBuilder pod = new PodBuilder(TestPods.shell(name, "Never", script).build()).editSpec().withVolumes(volumes)
        .editFirstContainer().withVolumeMounts(mounts).endContainer().endSpec();
    if (runAsUser != null || fsGroup != null) {
      pod.editSpec().withNewSecurityContext().withRunAsUser(runAsUser).withFsGroup(fsGroup).endSecurityContext().endSpec();
    }
    client.pods().resource(pod.build()).create();
    Pod done = TestPods.await(client, name, Duration.ofSeconds(60), TestPods.phase("Succeeded").or(TestPods.phase("Failed")));
    String log = TestPods.log(client, name);
    assertThat(done.getStatus().getPhase()).as("phase; log:\n%s", log).isEqualTo("Succeeded");
    return String.join("\n", log.lines().toList());
  }

  /** Starts a long-running pod that prints {@code script}'s output every second (for the update specs). */
  public static void loop(KubernetesClient client, String name, List<Volume> volumes, List<VolumeMount> mounts, String script) {
    client.pods().resource(new PodBuilder(TestPods.shell(name, "Always", "while true; do " + script + "; sleep 1; done").build())
        .editSpec().withVolumes(volumes).editFirstContainer().withVolumeMounts(mounts).endContainer().endSpec().build()).create();
    TestPods.await(client, name, Duration.ofSeconds(60), TestPods.phase("Running"));
  }

  /** The last {@code n} characters of the pod's log (what it printed most recently); empty while the container is not started. */
  public static String tail(KubernetesClient client, String name, int n) {
    String log;
    try {
      log = TestPods.log(client, name);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 400) throw e;
      return ""; // "container ... is waiting to start": upstream answers 400 until it runs
    }
    return log.length() <= n ? log : log.substring(log.length() - n);
  }
}

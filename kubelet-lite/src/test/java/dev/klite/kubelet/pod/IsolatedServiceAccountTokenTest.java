package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An isolated pod with the kube-api-access volume the API server's ServiceAccount admission adds: the container finds
 * the token, the CA and its namespace at {@code /var/run/secrets/kubernetes.io/serviceaccount}, read-only, and the
 * master service variables name the API server address the kubelet uses: what in-cluster clients need.
 */
class IsolatedServiceAccountTokenTest extends IsolatedPodHarness {
  @Test
  void theContainerReadsTheTokenCaAndNamespaceAtTheServiceAccountPath() throws Exception {
    configMaps.put("kube-root-ca.crt", KubeApiAccessVolumes.rootCa());
    services.put("default", List.of(KubeApiAccessVolumes.masterService()));
    String dir = KubeApiAccessVolumes.MOUNT_PATH;
    Pod pod = pod("in-cluster").editSpec().withServiceAccountName("default")
        .addToVolumes(KubeApiAccessVolumes.volume())
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "echo \"token=$(cat " + dir + "/token)\"; head -1 " + dir + "/ca.crt; echo \"ns=$(cat " + dir
                + "/namespace)\"; echo \"api=https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT\"; "
                + "stat -L -c 'mode=%a' " + dir + "/token; touch " + dir + "/x 2>/dev/null || echo read-only")
        .addToVolumeMounts(KubeApiAccessVolumes.mount()).endContainer().endSpec().build();
    run(pod);
    awaitPhase("Succeeded");
    assertThat(log(pod, "main")).contains("stdout F token=token-1", "stdout F -----BEGIN CERTIFICATE-----",
        "stdout F ns=ns", "stdout F api=https://127.0.0.1:6443", "stdout F mode=644", "stdout F read-only");
    assertThat(tokenSource.requests).containsExactly("ns/default");
    assertThat(events.events).noneMatch(e -> e.contains("IsolationUnavailable") || e.contains("FailedMount"));
  }

  /**
   * The e2e twin of upstream's "should set ownership and permission when RunAsUser or FsGroup is present"
   * (test/e2e/auth/service_accounts.go): the token is 0600 and belongs to the pod's runAsUser, who can read it; with an
   * fsGroup as well it is 0640 in that group.
   */
  @Test
  void aPodsRunAsUserOwnsAndReadsItsToken() throws Exception {
    configMaps.put("kube-root-ca.crt", KubeApiAccessVolumes.rootCa());
    String token = KubeApiAccessVolumes.MOUNT_PATH + "/token";
    Pod pod = pod("owned").editSpec().withServiceAccountName("default")
        .withNewSecurityContext().withRunAsUser(1234L).withFsGroup(5678L).endSecurityContext()
        .addToVolumes(KubeApiAccessVolumes.volume())
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "echo \"uid=$(id -u) token=$(cat " + token + ")\"; stat -L -c 'perm=%a owner=%u group=%g' " + token)
        .addToVolumeMounts(KubeApiAccessVolumes.mount()).endContainer().endSpec().build();
    run(pod);
    awaitPhase("Succeeded");
    assertThat(log(pod, "main")).contains("stdout F uid=1234 token=token-1",
        "stdout F perm=640 owner=1234 group=5678");
  }
}

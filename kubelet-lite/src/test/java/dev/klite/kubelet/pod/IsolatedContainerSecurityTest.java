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
 * What isolated containers get from their spec as root: the termination message file at terminationMessagePath, the
 * securityContext user and groups, fsGroup ownership of volumes, and volume contents that follow their sources. Needs
 * root and working {@code unshare}; skipped with the reason otherwise.
 */
class IsolatedContainerSecurityTest extends IsolatedPodHarness {
  @Test
  void theTerminationMessageFileIsReadAtDefaultAndCustomPathsAndTheHostDevIsUntouched() {
    String custom = "/dev/klite-termination-test-" + ProcessHandle.current().pid();
    Pod pod = pod("msg").editSpec()
        .addNewContainer().withName("main").withImage("busybox").withTerminationMessagePath("/dev/termination-log")
        .withCommand("sh", "-c", "printf OK > /dev/termination-log; ls /dev/null /dev/pts >/dev/null").endContainer()
        .addNewContainer().withName("custom").withImage("busybox")
        .withTerminationMessagePath(custom).withNewSecurityContext().withRunAsUser(1000L)
        .endSecurityContext().withCommand("sh", "-c", "printf DONE > " + custom).endContainer()
        .endSpec().build();
    run(pod);
    PodStatus s = awaitPhase("Succeeded");
    assertThat(s.getContainerStatuses()).extracting(c -> c.getState().getTerminated().getMessage())
        .containsExactly("OK", "DONE");
    // The path was missing on the host: the container got a private /dev, and the host's stays as it was.
    assertThat(Path.of(custom)).doesNotExist();
  }

  @Test
  void runAsUserAndFsGroupSetTheProcessCredentialsAndTheVolumeGroup() throws Exception {
    secrets.put("s", new SecretBuilder().withNewMetadata().withName("s").endMetadata()
        .addToData("data-1", Base64.getEncoder().encodeToString("value-1".getBytes())).build());
    Pod pod = pod("creds").editSpec().withNewSecurityContext().withRunAsUser(1000L).withFsGroup(1001L)
        .endSecurityContext()
        .addNewVolume().withName("sec").withNewSecret().withSecretName("s").withDefaultMode(0440).endSecret()
        .endVolume()
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "id -u; id -g; id -G; stat -L -c '%a %g' /etc/sec/data-1; cat /etc/sec/data-1; echo; "
                + "touch /scratch/f && stat -c '%g' /scratch/f")
        .addNewVolumeMount().withName("sec").withMountPath("/etc/sec").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount().endContainer()
        .endSpec().build();
    run(pod);
    awaitPhase("Succeeded");
    assertThat(log(pod, "main").lines().map(l -> l.replaceFirst("^\\S+ stdout [FP] ", "")).toList())
        .containsExactly("1000", "0", "0 1001", "440 1001", "value-1", "1001");
  }

  @Test
  void configMapVolumesFollowUpdatesAndOptionalSourcesAppearLater() throws Exception {
    configMaps.put("cm", new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
        .addToData("k", "v1").build());
    Pod pod = pod("follow").editSpec().withRestartPolicy("Always")
        .addNewVolume().withName("cm").withNewConfigMap().withName("cm").endConfigMap().endVolume()
        .addNewVolume().withName("later").withNewConfigMap().withName("later").withOptional(true).endConfigMap()
        .endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("sh", "-c",
            "while true; do echo \"k=$(cat /etc/cm/k) later=$(cat /etc/later/x 2>/dev/null)\"; sleep 0.5; done")
        .addNewVolumeMount().withName("cm").withMountPath("/etc/cm").endVolumeMount()
        .addNewVolumeMount().withName("later").withMountPath("/etc/later").endVolumeMount().endContainer()
        .endSpec().build();
    PodWorker worker = run(pod);
    awaitPhase("Running");
    await().atMost(TIMEOUT).until(() -> log(pod, "main").contains("k=v1 later=\n"));
    configMaps.put("cm", new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
        .addToData("k", "v2").build());
    configMaps.put("later", new ConfigMapBuilder().withNewMetadata().withName("later").endMetadata()
        .addToData("x", "here").build());
    await().atMost(TIMEOUT).until(() -> log(pod, "main").contains("k=v2 later=here\n"));
    worker.removed();
    await().atMost(TIMEOUT).until(worker::finished);
  }
}

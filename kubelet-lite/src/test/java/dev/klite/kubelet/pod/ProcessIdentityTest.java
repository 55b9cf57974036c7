package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** securityContext users and groups (kuberuntime security_context.go, containerd WithUser/WithAdditionalGIDs). */
class ProcessIdentityTest {
  private static Pod pod(Long runAsUser, Long runAsGroup, Long fsGroup, List<Long> supplemental) {
    return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withNewSecurityContext()
        .withRunAsUser(runAsUser).withRunAsGroup(runAsGroup).withFsGroup(fsGroup).withSupplementalGroups(supplemental)
        .endSecurityContext().endSpec().build();
  }

  private static final Container PLAIN = new ContainerBuilder().withName("c").build();

  @Test
  void nothingSetKeepsTheKubeletsIdentity() {
    assertThat(ProcessIdentity.of(pod(null, null, null, List.of()), PLAIN).argv()).isEmpty();
  }

  @Test
  void podUserWithFsGroupGetsGroupZeroAndTheFsGroupAsSupplementary() {
    assertThat(ProcessIdentity.of(pod(1000L, null, 1001L, List.of(5L)), PLAIN).argv())
        .containsExactly("setpriv", "--reuid=1000", "--regid=0", "--groups=0,1001,5", "--");
  }

  @Test
  void theContainersSecurityContextWinsOverThePods() {
    Container c = new ContainerBuilder().withName("c").withNewSecurityContext().withRunAsUser(7L).withRunAsGroup(8L)
        .endSecurityContext().build();
    assertThat(ProcessIdentity.of(pod(1000L, 2000L, null, List.of()), c))
        .isEqualTo(new ProcessIdentity(7L, 8L, List.of(8L)));
  }

  @Test
  void anFsGroupAloneKeepsRootButAddsTheGroup() {
    assertThat(ProcessIdentity.of(pod(null, null, 1001L, List.of()), PLAIN).argv())
        .containsExactly("setpriv", "--reuid=0", "--regid=0", "--groups=0,1001", "--");
  }
}

package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.token.FakeTokenSource;
import dev.klite.kubelet.token.MutableClock;
import dev.klite.kubelet.token.TokenManager;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serviceAccountToken projection of a kube-api-access volume (pkg/volume/projected/projected.go with the token
 * manager): the request, the file and its mode, the rewrite on refresh, the error. A fake token source and clock; the
 * files are real.
 */
@EnabledOnOs(OS.LINUX)
class ServiceAccountTokenVolumeTest {
  @TempDir Path root;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeTokenSource source = new FakeTokenSource(clock);
  private final TokenManager tokens = new TokenManager(source, clock);
  private final ConfigSource config = new FakeConfigSource().withConfigMap(KubeApiAccessVolumes.rootCa());

  private static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").withUid("uid-1").endMetadata()
        .withNewSpec().withServiceAccountName("builder").addToVolumes(KubeApiAccessVolumes.volume())
        .addNewContainer().withName("main").withImage("busybox").withCommand("true")
        .addToVolumeMounts(KubeApiAccessVolumes.mount()).endContainer().endSpec();
  }

  private Path prepare(Pod pod) throws VolumeBuilder.VolumeException {
    PodSandbox sandbox = new PodSandbox(root, "shop", "web-0", "uid-1");
    return new VolumeBuilder(config, tokens, new EnvBuilder(config, "10.1.2.3"), sandbox)
        .prepare(pod, pod.getSpec().getVolumes().get(0), Map.of());
  }

  private static int mode(Path file) throws Exception {
    return (Integer) Files.getAttribute(file, "unix:mode") & 0777;
  }

  @Test
  void writesTheTokenTheCaAndTheNamespaceAndRewritesTheTokenOnlyWhenItIsRefreshed() throws Exception {
    Pod pod = pod().build();
    Path dir = prepare(pod);
    assertThat(Files.readString(dir.resolve("token"))).isEqualTo("token-1");
    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(KubeApiAccessVolumes.CA);
    assertThat(Files.readString(dir.resolve("namespace"))).isEqualTo("shop");
    assertThat(mode(dir.resolve("token"))).isEqualTo(0644);
    assertThat(source.requests).containsExactly("shop/builder");
    Path data = Files.readSymbolicLink(dir.resolve(AtomicWriter.DATA));

    // The resync finds the cached token: nothing is requested or written.
    clock.advance(Duration.ofSeconds(1000));
    prepare(pod);
    assertThat(Files.readSymbolicLink(dir.resolve(AtomicWriter.DATA))).isEqualTo(data);
    assertThat(source.issued()).isEqualTo(1);

    // Past 80% of 3607 s the token is requested again and swapped in atomically with the other files.
    clock.advance(Duration.ofSeconds(1900));
    prepare(pod);
    assertThat(Files.readString(dir.resolve("token"))).isEqualTo("token-2");
    assertThat(Files.readSymbolicLink(dir.resolve(AtomicWriter.DATA))).isNotEqualTo(data);
    assertThat(Files.readString(dir.resolve("ca.crt"))).isEqualTo(KubeApiAccessVolumes.CA);
    assertThat(Files.isSymbolicLink(dir.resolve("token"))).isTrue();
  }

  @Test
  void theRequestNamesTheAudienceLifetimeAndBoundPod() throws Exception {
    Pod pod = pod().editSpec().editFirstVolume().editProjected().editFirstSource().editServiceAccountToken()
        .withAudience("vault").withExpirationSeconds(null).withPath("vault/token").endServiceAccountToken()
        .endSource().endProjected().endVolume().endSpec().build();
    TokenManager recording = new TokenManager((ns, sa, tr) -> {
      assertThat(tr.getSpec().getAudiences()).containsExactly("vault");
      assertThat(tr.getSpec().getExpirationSeconds()).isEqualTo(3600L);
      assertThat(tr.getSpec().getBoundObjectRef().getApiVersion()).isEqualTo("v1");
      assertThat(tr.getSpec().getBoundObjectRef().getKind()).isEqualTo("Pod");
      assertThat(tr.getSpec().getBoundObjectRef().getName()).isEqualTo("web-0");
      assertThat(tr.getSpec().getBoundObjectRef().getUid()).isEqualTo("uid-1");
      return source.request(ns, sa, tr);
    }, clock);
    PodSandbox sandbox = new PodSandbox(root, "shop", "web-0", "uid-1");
    Path dir = new VolumeBuilder(config, recording, new EnvBuilder(config, "10.1.2.3"), sandbox)
        .prepare(pod, pod.getSpec().getVolumes().get(0), Map.of());
    assertThat(Files.readString(dir.resolve("vault/token"))).isEqualTo("token-1");
    assertThat(source.requests).containsExactly("shop/builder");
  }

  @Test
  void anFsGroupMakesTheToken0600ThenGroupReadable() throws Exception {
    Pod pod = pod().editSpec().withNewSecurityContext().withFsGroup(2000L).endSecurityContext().endSpec().build();
    Path dir = prepare(pod);
    // projected.go forces 0600; SetVolumeOwnership adds group read for the fsGroup (only a root kubelet can).
    assertThat(mode(dir.resolve("token"))).isEqualTo(HostCapabilities.isRoot() ? 0640 : 0600);
    assertThat(mode(dir.resolve("ca.crt"))).isEqualTo(0644);
  }

  @Test
  void oneRunAsUserForAllContainersOwnsATokenOf0600ThatAnFsGroupMakes0640() throws Exception {
    Pod pod = pod().editSpec().withNewSecurityContext().withRunAsUser(1234L).withFsGroup(5678L).endSecurityContext()
        .endSpec().build();
    Path dir = prepare(pod);
    assertThat(mode(dir.resolve("token"))).isEqualTo(HostCapabilities.isRoot() ? 0640 : 0600);
    if (HostCapabilities.isRoot()) {
      assertThat(Files.getAttribute(dir.resolve("token"), "unix:uid")).isEqualTo(1234);
      assertThat(Files.getAttribute(dir.resolve("token"), "unix:gid")).isEqualTo(5678);
      assertThat(Files.getAttribute(dir.resolve("ca.crt"), "unix:uid")).isEqualTo(0);
    }
    // Owner, group and mode as written count as unchanged: a resync does not rewrite the volume.
    Path data = Files.readSymbolicLink(dir.resolve(AtomicWriter.DATA));
    prepare(pod);
    assertThat(Files.readSymbolicLink(dir.resolve(AtomicWriter.DATA))).isEqualTo(data);
    // Containers that differ (or one that sets no user) leave the mode alone.
    Pod mixed = pod().editSpec().addNewContainer().withName("side").withImage("busybox").withCommand("true")
        .withNewSecurityContext().withRunAsUser(99L).endSecurityContext().endContainer()
        .editFirstContainer().withNewSecurityContext().withRunAsUser(1234L).endSecurityContext().endContainer()
        .endSpec().build();
    assertThat(VolumeBuilder.fsUser(mixed)).isNull();
    assertThat(VolumeBuilder.fsUser(pod().build())).isNull();
    assertThat(VolumeBuilder.fsUser(pod)).isEqualTo(1234L);
  }

  @Test
  void aFailedRequestFailsTheSetUpWithTheTokenManagersMessage() {
    source.failWith.set("serviceaccounts \"builder\" not found");
    assertThatThrownBy(() -> prepare(pod().build())).isInstanceOf(VolumeBuilder.VolumeException.class)
        .hasMessage("failed to fetch token: serviceaccounts \"builder\" not found");
  }
}

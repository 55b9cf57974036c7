package dev.klite.kubelet.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.klite.kubelet.isolation.HostCapabilities;
import dev.klite.kubelet.token.TokenManager;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsGroup ownership of a writable volume, with both fsGroupChangePolicy values (changing a group needs root). */
class VolumeOwnershipTest {
  private static final long GROUP = 4321;
  @TempDir Path root;

  @BeforeEach
  void needsRoot() {
    assumeTrue(HostCapabilities.isRoot(), "changing a file's group needs root");
  }

  private static int gid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  void givesEveryFileTheGroupAndTheRootSetgid() throws IOException {
    Path file = Files.writeString(root.resolve("a"), "x");
    Files.setAttribute(file, "unix:mode", 0600);
    VolumeOwnership.apply(root, GROUP, false, null);
    assertThat(gid(root)).isEqualTo(GROUP);
    assertThat(gid(file)).isEqualTo(GROUP);
    assertThat(mode(file)).isEqualTo(0660);
    assertThat(mode(root) & 02070).isEqualTo(02070);
    assertThat(VolumeOwnership.requiresChange(root, GROUP, 0660)).isFalse();
  }

  @Test
  void onRootMismatchLeavesTheFilesAloneWhenTheRootAlreadyMatches() throws IOException {
    VolumeOwnership.apply(root, GROUP, false, null);
    Path later = Files.writeString(root.resolve("written-by-the-container"), "x");
    Files.setAttribute(later, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(later, "unix:mode", 0600);

    VolumeOwnership.apply(root, GROUP, false, VolumeOwnership.ON_ROOT_MISMATCH);
    assertThat(gid(later)).isZero();
    assertThat(mode(later)).isEqualTo(0600);

    VolumeOwnership.apply(root, GROUP, false, "Always");
    assertThat(gid(later)).isEqualTo(GROUP);
    assertThat(mode(later)).isEqualTo(0660);
  }

  @Test
  void onRootMismatchWalksWhenTheRootDiffers() throws IOException {
    Path file = Files.writeString(root.resolve("a"), "x");
    VolumeOwnership.apply(root, GROUP, false, VolumeOwnership.ON_ROOT_MISMATCH);
    assertThat(gid(file)).isEqualTo(GROUP);
    Files.setAttribute(root, "unix:mode", 0770); // setgid lost: the root no longer matches
    assertThat(VolumeOwnership.requiresChange(root, GROUP, 0660)).isTrue();
  }

  @Test
  void anEmptyDirIsSetUpOnceSoTheResyncKeepsWhatTheContainersWrote() throws Exception {
    ConfigSource none = new FakeConfigSource();
    Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u").endMetadata()
        .withNewSpec().withNewSecurityContext().withFsGroup(GROUP).endSecurityContext()
        .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
        .addNewContainer().withName("main").withImage("busybox").withCommand("true").endContainer().endSpec().build();
    VolumeBuilder volumes = new VolumeBuilder(none, TokenManager.standalone(Clock.systemUTC()),
        new EnvBuilder(none, "10.1.2.3"), new PodSandbox(root, "ns", "p", "u"));
    Path dir = volumes.prepare(pod, pod.getSpec().getVolumes().get(0), Map.of());
    assertThat(gid(dir)).isEqualTo(GROUP);
    Path written = Files.writeString(dir.resolve("out"), "x");
    Files.setAttribute(written, "unix:mode", 0600);

    assertThat(volumes.prepare(pod, pod.getSpec().getVolumes().get(0), Map.of())).isEqualTo(dir);
    assertThat(mode(written)).as("mode of a file the container wrote, after a resync").isEqualTo(0600);
  }
}

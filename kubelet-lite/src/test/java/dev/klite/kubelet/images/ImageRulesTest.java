package dev.klite.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The image map, with a stand-in busybox (the real one is used when the host has it, never installed by us). */
@EnabledOnOs(OS.LINUX)
class ImageRulesTest {
  @TempDir Path dir;
  private Path busybox;
  private ImageRules rules;

  @BeforeEach
  void fakeBusybox() throws Exception {
    busybox = dir.resolve("busybox");
    Files.writeString(busybox, "#!/bin/sh\n[ \"$1\" = --list ] && printf 'sh\\necho\\nwc\\n'\n");
    Files.setPosixFilePermissions(busybox, PosixFilePermissions.fromString("rwxr-xr-x"));
    rules = new ImageRules(List.of(ImageRule.busybox("busybox", busybox), ImageRule.host("busybox-host")));
  }

  @Test
  void runsShellCommandsOfBusyboxImagesThroughBusybox() {
    assertThat(rules.command("busybox:1.36", List.of("/bin/sh", "-c", "echo $RANDOM")))
        .containsExactly(busybox.toString(), "sh", "-c", "echo $RANDOM");
    assertThat(rules.command("docker.io/library/busybox", List.of("sh", "-c", "true")))
        .containsExactly(busybox.toString(), "sh", "-c", "true");
  }

  @Test
  void runsAppletsThroughBusyboxAndOtherCommandsUnchanged() {
    assertThat(rules.command("busybox", List.of("/bin/echo", "hi"))).containsExactly(busybox.toString(), "echo", "hi");
    assertThat(rules.command("busybox", List.of("python3", "x.py"))).containsExactly("python3", "x.py");
    assertThat(rules.command("busybox", List.of("/opt/tool/echo", "hi"))).containsExactly("/opt/tool/echo", "hi");
  }

  @Test
  void theLongestPrefixWinsAndUnmatchedImagesRunOnTheHost() {
    assertThat(rules.command("busybox-host:1", List.of("sh", "-c", "true"))).containsExactly("sh", "-c", "true");
    assertThat(rules.command("alpine:3", List.of("sh", "-c", "true"))).containsExactly("sh", "-c", "true");
  }

  @Test
  void defaultsUseTheHostBusyboxOnlyWhenPresent() {
    boolean present = ImageRules.findBusybox().isPresent();
    assertThat(ImageRules.defaults().rules()).hasSize(present ? 1 : 0);
  }
}

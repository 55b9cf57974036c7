package dev.klite.kubelet.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Where mount targets are created so that the host is never written. Reads which host paths exist. */
@EnabledOnOs(OS.LINUX)
class ContainerScriptTest {

  @Test
  void aTargetUnderAMissingTopLevelDirectoryNeedsNoOverlay() {
    assertThat(ContainerScript.overlayFor("/klite-no-such-top/data")).isEmpty();
  }

  @Test
  void anExistingTargetNeedsNoOverlay() {
    assertThat(ContainerScript.overlayFor("/etc")).isEmpty();
  }

  @Test
  void aMissingTargetUnderAnExistingTopLevelDirectoryOverlaysThatDirectory() {
    assertThat(ContainerScript.overlayFor("/etc/klite-no-such-dir/conf")).contains("/etc");
  }

  @Test
  void symlinkedParentsOverlayTheRealTopLevelDirectory() throws Exception {
    Path varRun = Path.of("/var/run");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isSymbolicLink(varRun), "/var/run is not a symlink here");
    String realTop = "/" + varRun.toRealPath().getName(0);
    assertThat(ContainerScript.overlayFor("/var/run/secrets-klite-test/x")).contains(realTop);
  }

  @Test
  void missingTargetsUnderProcAndSysCannotBeProvided() {
    var mounts = List.of(new ContainerScript.Mount("v", Path.of("/tmp"), "/proc/klite-no-such", false),
        new ContainerScript.Mount("w", Path.of("/tmp"), "/data", false));
    assertThat(ContainerScript.unsupportedTargets(mounts)).containsExactly(
        "mountPath \"/proc/klite-no-such\" of volume \"v\" does not exist and /proc cannot be overlaid");
  }

  @Test
  void theScriptJoinsCgroupsMountsReadOnlyAndExecsTheCommand() {
    String s = ContainerScript.build("0123456789abcdef", Path.of("/p/c/0.log.start-error"),
        List.of(Path.of("/sys/fs/cgroup/memory/klite-x")),
        List.of(new ContainerScript.Mount("cfg", Path.of("/p/volumes/cfg"), "/config", true)), "/work");
    assertThat(s).startsWith("exec 3>>'/p/c/0.log.start-error' || exit 128\n")
        .contains("echo $$ > '/sys/fs/cgroup/memory/klite-x/cgroup.procs'")
        .contains("run mount --bind '/p/volumes/cfg' '/.klite-0123456789ab/s0'")
        .contains("run mount --move '/.klite-0123456789ab/s0' '/config'")
        .contains("run mount -o remount,bind,ro '/config'")
        .contains("cd '/work'")
        .endsWith("exec 3>&-\nexec \"$@\"\n");
  }

  @Test
  void aMissingTargetUnderDevGetsTheContainerAPrivateDev() {
    var mounts = List.of(new ContainerScript.Mount("termination-message", Path.of("/tmp"),
        "/dev/klite-no-such-termination-log", false));
    assertThat(ContainerScript.unsupportedTargets(mounts)).isEmpty();
    String s = ContainerScript.build("0123456789abcdef", Path.of("/p/e"), List.of(), mounts, null);
    assertThat(s).contains("run mount -t tmpfs -o mode=0755,nosuid klite-dev '/.klite-0123456789ab/dev'")
        .contains("run mount --move '/.klite-0123456789ab/dev' /dev")
        .doesNotContain("lowerdir=/dev");
    assertThat(s.indexOf("mount --move '/.klite-0123456789ab/dev' /dev"))
        .isLessThan(s.indexOf("run mount --move '/.klite-0123456789ab/s0' '/dev/klite-no-such-termination-log'"));
  }

  @Test
  void theCommandRunsAsTheContainersUserAfterTheMounts() {
    String s = ContainerScript.build("0123456789abcdef", Path.of("/p/e"), List.of(), List.of(), null,
        List.of("setpriv", "--reuid=1000", "--"));
    assertThat(s).endsWith("exec 3>&-\nexec 'setpriv' '--reuid=1000' '--' \"$@\"\n");
  }
}

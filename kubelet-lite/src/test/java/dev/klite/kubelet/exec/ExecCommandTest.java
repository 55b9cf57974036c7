package dev.klite.kubelet.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ExecCommandTest {
  private static final Path POD_DIR = Path.of("/var/lib/klite/pods/p");

  private static ExecTarget target(long pid, String workingDir) {
    return new ExecTarget(pid, Map.of("PATH", "/bin"), workingDir, POD_DIR, new CompletableFuture<>());
  }

  private static ExecOptions options(boolean tty, String... command) {
    return new ExecOptions(List.of(command), false, true, !tty, tty);
  }

  @Test
  void entersTheContainersNamespacesAndChangesDirectoryInside() {
    assertThat(ExecCommand.argv(target(42, "/data"), options(false, "ls", "-l")))
        .containsExactly("nsenter", "-t", "42", "-m", "-u", "-p", "--", "sh", "-c",
            "cd -- \"$0\" || exit 126; exec \"$@\"", "/data", "ls", "-l");
    assertThat(ExecCommand.hostDir(target(42, "/data"))).isEqualTo(POD_DIR);
  }

  @Test
  void runsCommandsAsTheContainersUser() {
    ExecTarget t = new ExecTarget(42, Map.of(), null, POD_DIR, new CompletableFuture<>(), null, null, false,
        List.of("setpriv", "--reuid=1000", "--regid=0", "--groups=0", "--"));
    assertThat(ExecCommand.argv(t, options(false, "id", "-u"))).containsExactly("nsenter", "-t", "42", "-m", "-u",
        "-p", "--", "setpriv", "--reuid=1000", "--regid=0", "--groups=0", "--", "id", "-u");
  }

  @Test
  void runsPlainContainersOnTheHostInTheirWorkingDir() {
    assertThat(ExecCommand.argv(target(0, "/tmp"), options(false, "ls"))).containsExactly("ls");
    assertThat(ExecCommand.hostDir(target(0, "/tmp"))).isEqualTo(Path.of("/tmp"));
    assertThat(ExecCommand.hostDir(target(0, null))).isEqualTo(POD_DIR);
  }

  @Test
  void givesATtyThroughScriptWithTheCommandQuoted() {
    assertThat(ExecCommand.argv(target(0, null), options(true, "echo", "it's")))
        .endsWith("-q", "-e", "-c", "exec 'echo' 'it'\\''s'", "/dev/null")
        .first().asString().endsWith("script");
  }

  @Test
  void parsesOptionsAsUpstreamDropsStderrWithATtyAndNeedsAStream() {
    ExecOptions o = ExecOptions.parse(MultiMap.caseInsensitiveMultiMap().add("command", "sh").add("command", "-c")
        .add("tty", "true").add("stderr", "true").add("stdin", "1"));
    assertThat(o.command()).containsExactly("sh", "-c");
    assertThat(o.tty()).isTrue();
    assertThat(o.stderr()).isFalse();
    assertThat(o.stdin()).isTrue();
    assertThatThrownBy(() -> ExecOptions.parse(MultiMap.caseInsensitiveMultiMap().add("command", "ls")))
        .hasMessage("you must specify at least 1 of stdin, stdout, stderr");
    assertThatThrownBy(() -> ExecOptions.parse(MultiMap.caseInsensitiveMultiMap().add("stdout", "true")))
        .hasMessage("you must specify at least one command for the container");
  }

  @Test
  void findsExecutablesAlongTheContainersPath() {
    assertThat(ExecCommand.missingExecutable(target(0, null), "sh")).isEmpty();
    assertThat(ExecCommand.missingExecutable(target(0, null), "no-such-tool"))
        .contains("exec: \"no-such-tool\": executable file not found in $PATH");
    assertThat(ExecCommand.missingExecutable(target(0, null), "/no/such"))
        .contains("exec: \"/no/such\": stat /no/such: no such file or directory");
  }
}

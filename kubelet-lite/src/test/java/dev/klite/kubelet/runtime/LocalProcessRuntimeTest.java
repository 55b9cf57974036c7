package dev.klite.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
class LocalProcessRuntimeTest {
  private static final Pattern CRI_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z (stdout|stderr) [PF] .*$");

  @TempDir Path dir;
  private LocalProcessRuntime runtime;

  @BeforeEach
  void setUp() {
    runtime = new LocalProcessRuntime();
  }

  @AfterEach
  void tearDown() {
    runtime.close();
    assertThat(runtime.liveContainerIds()).isEmpty();
  }

  private ContainerSpec spec(String id, String script) {
    return new ContainerSpec(id, List.of("sh", "-c", script), Map.of("PATH", "/usr/bin:/bin", "GREETING", "hi"),
        dir, dir.resolve(id).resolve("0.log"));
  }

  private ContainerSpec stdinSpec(String id, String script) {
    return new ContainerSpec(id, List.of("sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), dir,
        dir.resolve(id).resolve("0.log"), List.of(), false, true, LogLimits.UNLIMITED, true);
  }

  static void write(ContainerHandle h, String text) throws java.io.IOException {
    java.io.OutputStream in = h.stdin().orElseThrow();
    synchronized (in) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
      in.flush();
    }
  }

  @Test
  void keepsTheStdinOfAStdinContainerOpenUntilItIsClosedForGood() throws Exception {
    // Would print "eof" at once and exit if its stdin read as end of file before anything was written.
    ContainerHandle h = runtime.start(stdinSpec("in", "while read l; do echo \"got [$l]\"; done; echo eof"));
    Path log = dir.resolve("in/0.log");
    write(h, "x\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains("got"));
    write(h, "y\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("got [y]"));
    assertThat(h.onExit()).isNotDone();
    if (runtime.usesShim()) {
      assertThat(dir.resolve("in/0.stdin")).as("the stdin FIFO in the shim's files").exists();
    }

    // stdinOnce: closing the stream is the container's end of file.
    h.stdin().orElseThrow().close();
    assertThat(h.onExit().get(30, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(Files.readAllLines(log)).extracting(l -> l.substring(l.indexOf(" stdout F ") + 10))
        .containsExactly("got [x]", "got [y]", "eof");
    assertThat(dir.resolve("in/0.stdin")).doesNotExist();
  }

  @Test
  void removesTheStdinFifoOfAStdinContainerThatExitsByItself() throws Exception {
    ContainerHandle h = runtime.start(stdinSpec("quit", "read l; echo \"got [$l]\"; exit 4"));
    write(h, "bye\n");
    assertThat(h.onExit().get(30, TimeUnit.SECONDS).exitCode()).isEqualTo(4);
    assertThat(Files.readString(dir.resolve("quit/0.log"))).contains(" stdout F got [bye]");
    assertThat(dir.resolve("quit/0.stdin")).doesNotExist();
    assertThat(h.stdin()).as("the write end is closed with the container").isEmpty();
  }

  @Test
  void reportsTheExitCodeOfTheMainProcess() throws Exception {
    ContainerHandle h = runtime.start(spec("exit3", "exit 3"));
    ContainerExit exit = h.onExit().get(10, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isEqualTo(3);
    assertThat(exit.signal()).isZero();
    assertThat(exit.finishedAt()).isAfterOrEqualTo(exit.startedAt());
  }

  @Test
  void writesStdoutAndStderrAsCriLogLinesWithOnlyTheGivenEnvironment() throws Exception {
    ContainerHandle h = runtime.start(spec("out", "echo \"$GREETING\"; echo oops >&2; printf 'no-newline'; "
        + "echo \"home=${HOME:-unset}\" >&2"));
    assertThat(h.onExit().get(10, TimeUnit.SECONDS).exitCode()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("out/0.log"), StandardCharsets.UTF_8);
    assertThat(lines).allMatch(l -> CRI_LINE.matcher(l).matches(), "CRI format");
    assertThat(lines).anyMatch(l -> l.endsWith(" stdout F hi"))
        .anyMatch(l -> l.endsWith(" stderr F oops"))
        .anyMatch(l -> l.endsWith(" stdout P no-newline"))
        .anyMatch(l -> l.endsWith(" stderr F home=unset"));
  }

  @Test
  void splitsOverlongLinesIntoPartialRecords() throws Exception {
    ContainerHandle h = runtime.start(spec("long", "head -c 20000 /dev/zero | tr '\\0' 'a'; echo"));
    h.onExit().get(10, TimeUnit.SECONDS);
    List<String> lines = Files.readAllLines(dir.resolve("long/0.log"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains(" stdout P ").endsWith("a".repeat(100));
    assertThat(lines.get(1)).contains(" stdout F ");
  }

  @Test
  void terminateSendsSigtermAndReportsExitCode143() throws Exception {
    ContainerHandle h = runtime.start(spec("term", "sleep 60"));
    ContainerExit exit = h.terminate(Duration.ofSeconds(30)).get(10, TimeUnit.SECONDS);
    // sh forwards nothing; the group signal ends both sh and sleep.
    assertThat(exit.exitCode()).isEqualTo(143);
    assertThat(exit.signal()).isEqualTo(15);
  }

  @Test
  void killsAProcessThatIgnoresSigtermAfterItsGracePeriodWithNoLeftovers() throws Exception {
    ContainerHandle h = runtime.start(spec("stubborn", "trap '' TERM; sleep 60 & wait; sleep 60"));
    await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(h.pid()).orElseThrow().descendants()
        .findAny().isPresent());
    List<ProcessHandle> tree = ProcessHandle.of(h.pid()).orElseThrow().descendants().toList();
    long begin = System.nanoTime();
    ContainerExit exit = h.terminate(Duration.ofMillis(700)).get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    assertThat(exit.exitCode()).isEqualTo(137);
    assertThat(exit.signal()).isEqualTo(9);
    assertThat(ProcessHandle.of(h.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(tree).isNotEmpty();
    // Members are dead when the exit is reported; init may take a moment to reap the zombies (longer on a
    // loaded 2-core CI machine).
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(tree).noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void killsOrphanedChildrenWhenTheMainProcessExits() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    ContainerHandle h = runtime.start(spec("orphan", "sleep 60 & echo $! > " + pidFile + "; exit 0"));
    assertThat(h.onExit().get(10, TimeUnit.SECONDS).exitCode()).isZero();
    long child = Long.parseLong(Files.readString(pidFile).trim());
    await().atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void closeKillsEveryRunningContainer() throws Exception {
    ContainerHandle a = runtime.start(spec("a", "sleep 60"));
    ContainerHandle b = runtime.start(spec("b", "trap '' TERM; sleep 60"));
    runtime.close();
    assertThat(a.onExit()).isDone();
    assertThat(b.onExit()).isDone();
    assertThat(ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(ProcessHandle.of(b.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void failsToStartAMissingExecutable() {
    ContainerSpec absolute = new ContainerSpec("missing", List.of("/nonexistent/bin/tool"), Map.of(), dir,
        dir.resolve("missing/0.log"));
    assertThatThrownBy(() -> runtime.start(absolute)).isInstanceOf(ContainerStartException.class)
        .hasMessage("failed to start container process: exec: \"/nonexistent/bin/tool\": stat /nonexistent/bin/tool: "
            + "no such file or directory");
    ContainerSpec onPath = new ContainerSpec("missing2", List.of("no-such-tool-xyz"), Map.of("PATH", "/usr/bin:/bin"),
        dir, dir.resolve("missing2/0.log"));
    assertThatThrownBy(() -> runtime.start(onPath)).isInstanceOf(ContainerStartException.class)
        .hasMessageContaining("executable file not found in $PATH");
  }
}

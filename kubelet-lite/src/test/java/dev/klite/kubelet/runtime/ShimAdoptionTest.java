package dev.klite.kubelet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second runtime (a restarted kubelet) takes over what the first one's shims still supervise. The first runtime is
 * never closed in these tests: closing kills its containers, which is what a crash does not do.
 */
@EnabledOnOs(OS.LINUX)
class ShimAdoptionTest {
  @TempDir Path dir;
  private LocalProcessRuntime first;
  private LocalProcessRuntime second;

  @BeforeEach
  void setUp() {
    first = new LocalProcessRuntime();
    second = new LocalProcessRuntime();
    assertThat(first.usesShim()).as("perl is installed here").isTrue();
  }

  @AfterEach
  void tearDown() {
    second.close();
    first.close();
  }

  private ContainerSpec spec(String id, String script) {
    return new ContainerSpec(id, List.of("sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), dir,
        dir.resolve(id).resolve("0.log"));
  }

  @Test
  void adoptsARunningContainerAndStopsItWithSigterm() throws Exception {
    ContainerHandle started = first.start(spec("run", "echo one; while :; do sleep 0.05; done"));
    Path log = dir.resolve("run/0.log");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains("one"));
    ContainerHandle adopted = second.adopt(dir.resolve("run/0.log")).orElseThrow();
    assertThat(adopted.id()).isEqualTo("run");
    assertThat(adopted.pid()).isEqualTo(started.pid());
    assertThat(adopted.startedAt()).isEqualTo(started.startedAt());
    assertThat(adopted.onExit()).isNotDone();

    ContainerExit exit = adopted.terminate(Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isEqualTo(143);
    assertThat(exit.signal()).isEqualTo(15);
    assertThat(exit.lost()).isFalse();
    assertThat(Files.readAllLines(log)).singleElement().asString().endsWith(" stdout F one");
  }

  @Test
  void adoptsAStdinContainerAndFeedsItThroughItsFifoUntilTheStdinIsClosed() throws Exception {
    ContainerHandle started = first.start(new ContainerSpec("in", List.of("sh", "-c",
        "while read l; do echo \"got $l\"; done; echo eof"), Map.of("PATH", "/usr/bin:/bin"), dir,
        dir.resolve("in/0.log"), List.of(), false, true, LogLimits.UNLIMITED, true));
    Path log = dir.resolve("in/0.log");
    LocalProcessRuntimeTest.write(started, "one\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains("got one"));
    // The first kubelet dies: its end of the FIFO goes with it; the container keeps waiting for input.
    first.abandon();
    assertThat(started.stdin()).isEmpty();

    ContainerHandle adopted = second.adopt(log).orElseThrow();
    assertThat(adopted.pid()).isEqualTo(started.pid());
    LocalProcessRuntimeTest.write(adopted, "two\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("got two"));
    assertThat(adopted.onExit()).isNotDone();

    adopted.stdin().orElseThrow().close();
    assertThat(adopted.onExit().get(30, TimeUnit.SECONDS).exitCode()).isZero();
    assertThat(Files.readAllLines(log)).extracting(l -> l.substring(l.indexOf(" stdout F ") + 10))
        .containsExactly("got one", "got two", "eof");
  }

  @Test
  void aStdinClosedForGoodStaysClosedForTheNextKubelet() throws Exception {
    ContainerHandle started = first.start(new ContainerSpec("once", List.of("sh", "-c",
        "read l; echo \"got $l\"; while :; do sleep 0.05; done"), Map.of("PATH", "/usr/bin:/bin"), dir,
        dir.resolve("once/0.log"), List.of(), false, true, LogLimits.UNLIMITED, true));
    Path log = dir.resolve("once/0.log");
    LocalProcessRuntimeTest.write(started, "x\n");
    started.stdin().orElseThrow().close();
    await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(dir.resolve("once/0.stdin")));
    first.abandon();

    ContainerHandle adopted = second.adopt(log).orElseThrow();
    assertThat(adopted.pid()).isEqualTo(started.pid());
    assertThat(adopted.onExit()).isNotDone();
    assertThat(adopted.stdin()).isEmpty();
  }

  @Test
  void reportsTheRecordedExitOfAContainerThatEndedBeforeTheAdoption() throws Exception {
    ContainerHandle started = first.start(spec("done", "exit 5"));
    started.onExit().get(30, TimeUnit.SECONDS);
    ContainerExit exit = second.adopt(dir.resolve("done/0.log")).orElseThrow().onExit().get(30, TimeUnit.SECONDS);
    assertThat(exit.exitCode()).isEqualTo(5);
    assertThat(exit.lost()).isFalse();
    assertThat(exit.startedAt()).isEqualTo(started.startedAt());
  }

  @Test
  void reportsAContainerWhoseShimDiedWithoutARecordAsLostAndKillsWhatIsLeft() throws Exception {
    ContainerHandle started = first.start(spec("lost", "sleep 600"));
    ProcessHandle shim = ProcessHandle.of(started.pid()).flatMap(ProcessHandle::parent).orElseThrow();
    shim.destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> !shim.isAlive());
    ContainerExit exit = second.adopt(dir.resolve("lost/0.log")).orElseThrow().onExit().get(30, TimeUnit.SECONDS);
    assertThat(exit.lost()).isTrue();
    assertThat(exit.exitCode()).isEqualTo(137);
    await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(started.pid()).isEmpty()
        || !ProcessHandle.of(started.pid()).get().isAlive());
  }

  @Test
  void findsNothingWhereNoContainerWasStarted() {
    assertThat(second.adopt(dir.resolve("none/0.log"))).isEmpty();
  }
}

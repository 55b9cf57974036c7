package dev.klite.kubelet.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers as plain host processes. Each process is started through {@code setsid} (util-linux) when it is
 * installed, so it leads its own session and process group and signals reach every process of the container
 * through the group, including orphans that were re-parented away from the main process. Without {@code setsid}
 * signals go to the main process and its live descendants (found through {@link ProcessHandle}).
 *
 * <p>When the main process exits, whatever is left of the container is killed, as the Linux kernel kills a PID
 * namespace when its init process exits.
 */
public final class LocalProcessRuntime implements ContainerRuntime {
  private static final Logger log = LoggerFactory.getLogger(LocalProcessRuntime.class);
  static final String VERSION = "klite-process://0.1.0";
  /** How long the log pumps may keep draining after the container is dead (output held by escaped processes). */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Clock clock;
  private final Optional<Path> setsid;
  private final Optional<Path> killCommand;
  private final ScheduledExecutorService timers;
  private final java.util.concurrent.ExecutorService reapers;
  private final Map<String, LocalProcess> live = new ConcurrentHashMap<>();
  private final AtomicInteger pumpCounter = new AtomicInteger();

  public LocalProcessRuntime() {
    this(Clock.systemUTC());
  }

  public LocalProcessRuntime(Clock clock) {
    this.clock = clock;
    this.setsid = findExecutable("setsid");
    this.killCommand = findExecutable("kill");
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubelet-runtime-timer");
      t.setDaemon(true);
      return t;
    });
    this.reapers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "kubelet-runtime-reaper");
      t.setDaemon(true);
      return t;
    });
    if (setsid.isEmpty() || killCommand.isEmpty()) {
      log.warn("setsid or kill not found on PATH: container signals reach only the main process and its live "
          + "descendants, not orphaned processes of the container");
    }
  }

  /** Whether containers get their own process group (setsid and kill were found). */
  public boolean usesProcessGroups() {
    return setsid.isPresent() && killCommand.isPresent();
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public ContainerHandle start(ContainerSpec spec) throws ContainerStartException {
    if (spec.checkExecutable()) {
      checkExecutable(spec);
    }
    List<String> argv = new ArrayList<>();
    if (usesProcessGroups()) {
      setsid.ifPresent(p -> argv.add(p.toString()));
    }
    argv.addAll(spec.launcher());
    argv.addAll(spec.argv());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(spec.env());
    pb.directory(spec.workingDir().toFile());
    if (!spec.stdin()) {
      // Containers without "stdin: true" read from a closed stdin.
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    CriLogWriter writer;
    try {
      writer = new CriLogWriter(spec.logFile(), clock, spec.logLimits());
    } catch (IOException e) {
      throw new ContainerStartException("cannot open log file " + spec.logFile() + ": " + e.getMessage(), e);
    }
    Process process;
    try {
      if (!Files.isDirectory(spec.workingDir())) {
        throw new IOException("working directory " + spec.workingDir() + " does not exist");
      }
      process = pb.start();
    } catch (IOException e) {
      closeQuietly(writer);
      throw new ContainerStartException(startErrorMessage(spec, e), e);
    }
    long inner = spec.nestedSession() ? awaitFirstChild(process) : 0;
    LocalProcess handle = new LocalProcess(spec.id(), process, inner, clock.instant(), writer, this);
    if (spec.stdin()) {
      handle.keepStdin();
    }
    live.put(spec.id(), handle);
    handle.startPumps(pumpCounter.incrementAndGet());
    handle.onExit().whenComplete((exit, err) -> live.remove(spec.id()));
    log.debug("started container {} pid={} argv={}", spec.id(), process.pid(), spec.argv());
    return handle;
  }

  /**
   * Resolves argv[0] as execve would with the container's PATH, so that a missing executable is a start error (as
   * runc reports it) even though setsid itself starts fine.
   */
  private static void checkExecutable(ContainerSpec spec) throws ContainerStartException {
    String cmd = spec.argv().get(0);
    if (cmd.contains("/")) {
      Path p = cmd.startsWith("/") ? Path.of(cmd) : spec.workingDir().resolve(cmd);
      if (!Files.exists(p)) {
        throw new ContainerStartException("failed to start container process: exec: \"" + cmd + "\": stat " + cmd
            + ": no such file or directory", null);
      }
      if (Files.isDirectory(p) || !Files.isExecutable(p)) {
        throw new ContainerStartException("failed to start container process: exec: \"" + cmd
            + "\": permission denied", null);
      }
      return;
    }
    String path = spec.env().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(cmd);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return;
      }
    }
    throw new ContainerStartException("failed to start container process: exec: \"" + cmd
        + "\": executable file not found in $PATH", null);
  }

  private static String startErrorMessage(ContainerSpec spec, IOException e) {
    // Worded like runc's start errors so that users recognise them.
    return "failed to start container process: exec: \"" + spec.argv().get(0) + "\": " + e.getMessage();
  }

  /**
   * The container's own process under a launcher that stays outside (nsenter forks it into the pod's PID namespace).
   * It appears within microseconds; 0 when the launcher exited first.
   */
  private static long awaitFirstChild(Process process) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Optional<Long> child = ChildProcesses.first(process.toHandle());
      if (child.isPresent()) {
        return child.get();
      }
      if (!process.isAlive()) {
        return 0;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return 0;
  }

  /**
   * Sends {@code signal} (TERM or KILL) to the container's processes. With a nested session ({@code innerPid} != 0)
   * only the inner group is signalled: nsenter neither handles nor forwards SIGTERM, so terminating it would end the
   * container's status before the container itself had a chance to shut down; nsenter exits with the container's
   * status (re-raising its signal) by itself.
   */
  void signal(Process process, long innerPid, String signal) {
    if (innerPid != 0) {
      runKill(signal, "-" + innerPid);
      if ("KILL".equals(signal)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
      }
      return;
    }
    long pid = process.pid();
    List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    if (usesProcessGroups()) {
      // With setsid the container's main pid is also its process group id.
      runKill(signal, "-" + pid);
    }
    for (ProcessHandle h : tree) {
      if ("KILL".equals(signal)) {
        h.destroyForcibly();
      } else {
        h.destroy();
      }
    }
  }

  private void runKill(String signal, String target) {
    try {
      Process kill = new ProcessBuilder(killCommand.orElseThrow().toString(), "-s", signal, "--", target)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      log.warn("kill -s {} -- {} failed: {}", signal, target, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  java.util.concurrent.ExecutorService reapers() {
    return reapers;
  }

  Duration drainTimeout() {
    return DRAIN_TIMEOUT;
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void close() {
    List<LocalProcess> all = List.copyOf(live.values());
    all.forEach(LocalProcess::kill);
    for (LocalProcess p : all) {
      try {
        p.onExit().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.error("container {} (pid {}) did not exit after SIGKILL", p.id(), p.pid());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        log.warn("container {} exit failed", p.id(), e);
      }
    }
    timers.shutdownNow();
    reapers.shutdown();
  }

  private static void closeQuietly(CriLogWriter writer) {
    try {
      writer.close();
    } catch (IOException e) {
      log.debug("closing log writer failed", e);
    }
  }

  static Optional<Path> findExecutable(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    for (String dir : (path + ":/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Exposed for tests: the ids of containers whose exit has not been reported yet. */
  java.util.Set<String> liveContainerIds() {
    return java.util.Set.copyOf(live.keySet());
  }

  static CompletableFuture<Void> runAsyncDaemon(String name, Runnable r) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        r.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return done;
  }
}

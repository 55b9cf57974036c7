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
 * <p>A container with {@code tty: true} runs under util-linux {@code script} ({@link Terminal}) inside whatever the
 * launcher sets up, so its process has a pseudo-terminal; without {@code script} it runs as if {@code tty} were false
 * (the pod's IsolationUnavailable event says so).
 *
 * <p>When the main process exits, whatever is left of the container is killed, as the Linux kernel kills a PID
 * namespace when its init process exits.
 *
 * <p>Where perl is installed every container runs under klite-shim ({@link Shim}), in the role of containerd-shim:
 * the shim is the container's parent, writes its CRI log and records its pids and exit status in files next to the
 * log; a container with an open stdin ({@code stdin: true}) reads it from a FIFO there, which attach writes into. The
 * container therefore survives a crash of this process, and a new runtime on the same directories takes it over with
 * {@link #adopt(Path)}, its stdin included. Without perl containers are children of this process, and one with an
 * open stdin reads a pipe from it. {@link #close()} still
 * kills every container it started or adopted: a clean kubelet stop stops its pods. The shim costs about 9 ms per
 * container start (perl's start-up; measured: start() 3 ms direct, 12 ms with the shim) and about 3 ms from start to
 * reported exit.
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
  private final Map<String, ContainerHandle> live = new ConcurrentHashMap<>();
  /** The supervisor that lets containers outlive this kubelet process; empty without perl (see {@link Shim}). */
  private final Optional<Shim> shim;
  private final AtomicInteger pumpCounter = new AtomicInteger();

  public LocalProcessRuntime() {
    this(Clock.systemUTC());
  }

  public LocalProcessRuntime(Clock clock) {
    this.clock = clock;
    this.setsid = findExecutable("setsid");
    this.killCommand = findExecutable("kill");
    this.shim = killCommand.isPresent() ? Shim.find() : Optional.empty();
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
    if (shim.isEmpty()) {
      log.warn("perl not found on PATH: containers run as children of the kubelet and die with it (no adoption after "
          + "a kubelet restart)");
    }
  }

  /** Whether containers run under klite-shim and so survive a kubelet restart (perl, setsid and kill were found). */
  public boolean usesShim() {
    return shim.isPresent();
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
    if (spec.tty() && Terminal.available()) {
      // After the check: a missing command is still a start error worded as runc's, not script's exit 127. The
      // launcher (namespaces, cgroups, user) stays outside, so script and its terminal are set up inside the pod.
      spec = spec.withArgv(Terminal.wrap(spec.argv()));
    }
    if (shim.isPresent()) {
      // containerd-shim's reason to exist: the container's parent and its output's reader outlive the kubelet.
      ShimProcess handle = shim.get().start(spec, this);
      track(handle);
      log.debug("started container {} pid={} under a shim argv={}", spec.id(), handle.pid(), spec.argv());
      return handle;
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
    if (!spec.stdin() && !(spec.tty() && Terminal.available())) {
      // Containers without "stdin: true" read from a closed stdin. A terminal alone keeps the pipe (never written, and
      // open as long as the handle): its end of file would reach the container as the terminal's EOF character.
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
    handle.startPumps(pumpCounter.incrementAndGet());
    track(handle);
    log.debug("started container {} pid={} argv={}", spec.id(), process.pid(), spec.argv());
    return handle;
  }

  @Override
  public Optional<ContainerHandle> adopt(Path logFile) {
    Optional<ContainerHandle> found = shim.flatMap(s -> s.adopt(logFile, this));
    found.ifPresent(this::track);
    return found;
  }

  /**
   * Lets go of every container without stopping it, as a crash of the kubelet does: only what the kernel would
   * release for a dead kubelet is released (its write ends of the containers' stdin FIFOs, so that a stdinOnce close
   * by the next kubelet ends the container's input). For tests that simulate a crash within one JVM.
   */
  @Override
  public void abandon() {
    live.values().forEach(h -> {
      if (h instanceof ShimProcess s) {
        s.detachStdin();
      }
    });
  }

  private void track(ContainerHandle handle) {
    live.put(handle.id(), handle);
    handle.onExit().whenComplete((exit, err) -> live.remove(handle.id(), handle));
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
    signal(process.toHandle(), innerPid, signal);
  }

  /** As {@link #signal(Process, long, String)} for a container that is not our child (run by a shim). */
  void signal(long pid, long innerPid, String signal) {
    Optional<ProcessHandle> main = ProcessHandle.of(pid);
    if (main.isPresent()) {
      signal(main.get(), innerPid, signal);
    } else if (innerPid != 0 || usesProcessGroups()) {
      // The main process is gone; what is left of its group may still run.
      runKill(signal, "-" + (innerPid != 0 ? innerPid : pid));
    }
  }

  private void signal(ProcessHandle process, long innerPid, String signal) {
    if (innerPid != 0) {
      runKill(signal, "-" + innerPid);
      if ("KILL".equals(signal)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
      }
      return;
    }
    long pid = process.pid();
    List<ProcessHandle> tree = Stream.concat(Stream.of(process), process.descendants()).toList();
    if (usesProcessGroups()) {
      // With setsid the container's main pid is also its process group id.
      runKill(signal, "-" + pid);
    }
    for (ProcessHandle h : tree) {
      if ("KILL".equals(signal)) {
        h.destroyForcibly();
      } else if (!usesProcessGroups() || ProcessGroups.groupOf(h.pid()) != pid) {
        // One SIGTERM per process, as runc's kill sends: the group's members got theirs above, and a shell that got
        // two would run its TERM trap twice.
        h.destroy();
      }
    }
  }

  /** Sends {@code signal} to a shim (not to its container). */
  void signalShim(long shimPid, String signal) {
    runKill(signal, Long.toString(shimPid));
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
    List<ContainerHandle> all = List.copyOf(live.values());
    all.forEach(ContainerHandle::kill);
    for (ContainerHandle p : all) {
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

package dev.klite.kubelet.isolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pod's sandbox: a holder process (the pause container of a real pod) that is PID 1 of new mount, UTS and PID
 * namespaces, created with util-linux {@code unshare}. Containers join it with {@code nsenter} (see
 * {@link #enterArgv()}). Killing the holder kills every process of the pod and drops its mounts, so nothing survives
 * {@link #close()}. Blocking: process creation and waits; called on pod worker threads.
 */
public final class PodNamespaces implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  /** What a restarted kubelet reads to find the sandbox again (see {@link #adopt}). */
  private static final String STATE = "sandbox.state";

  private final ProcessHandle unshare;
  private final long holderPid;

  private PodNamespaces(ProcessHandle unshare, long holderPid) {
    this.unshare = unshare;
    this.holderPid = holderPid;
  }

  /**
   * Starts the holder and waits until the pod's root is built.
   *
   * @param podDir the pod's directory; {@code rootfs} (an empty mount point) and {@code sandbox.log} go there
   * @param privateRoot whether the pod needs a root of its own (see {@link SandboxScript#build})
   * @throws IOException when the namespaces or the root cannot be set up; the message carries the holder's stderr
   */
  public static PodNamespaces start(Path podDir, String hostname, List<SandboxScript.Tmpfs> tmpfs,
      boolean privateRoot) throws IOException {
    Path rootfs = podDir.resolve("rootfs");
    Files.createDirectories(rootfs);
    Path log = podDir.resolve("sandbox.log");
    List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--uts", "--pid", "--fork", "--propagation",
        "private", "sh", "-c", SandboxScript.build(rootfs, hostname, tmpfs, privateRoot), "klite-sandbox"));
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(log.toFile()).start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        return Optional.ofNullable(r.readLine()).orElse("");
      } catch (IOException e) {
        return "";
      }
    });
    String line;
    try {
      line = ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      destroy(p);
      throw new IOException("interrupted while creating the pod sandbox", e);
    } catch (ExecutionException | TimeoutException e) {
      destroy(p);
      throw new IOException("pod sandbox not ready after " + READY_TIMEOUT.toSeconds() + "s: " + stderr(log));
    }
    Optional<Long> holder = dev.klite.kubelet.runtime.ChildProcesses.first(p.toHandle());
    if (!SandboxScript.READY.equals(line) || holder.isEmpty()) {
      destroy(p);
      throw new IOException("failed to create the pod sandbox (mount, UTS and PID namespaces): " + stderr(log));
    }
    Files.writeString(podDir.resolve(STATE), "unshare=" + p.pid() + "\nholder=" + holder.get() + "\n");
    return new PodNamespaces(p.toHandle(), holder.get());
  }

  /**
   * The sandbox an earlier kubelet process started for this pod directory, if its holder still runs (the holder does
   * not die with the kubelet: it is the parent of the pod's processes, not the kubelet).
   */
  public static Optional<PodNamespaces> adopt(Path podDir) {
    java.util.Map<String, Long> state = new java.util.HashMap<>();
    try {
      for (String line : Files.readAllLines(podDir.resolve(STATE))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          state.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    Long unsharePid = state.get("unshare");
    Long holder = state.get("holder");
    if (unsharePid == null || holder == null) {
      return Optional.empty();
    }
    // The pid must still be this pod's unshare (OrphanSandboxes finds sandboxes by the same command line).
    String marker = podDir.toAbsolutePath().normalize().resolve("rootfs").toString();
    Optional<ProcessHandle> unshare = ProcessHandle.of(unsharePid).filter(ProcessHandle::isAlive)
        .filter(h -> OrphanSandboxes.commandLine(unsharePid).contains(marker));
    if (unshare.isEmpty() || ProcessHandle.of(holder).filter(ProcessHandle::isAlive).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new PodNamespaces(unshare.get(), holder));
  }

  /** The host pid of the pod's PID 1 (the holder). */
  public long holderPid() {
    return holderPid;
  }

  /** Whether the sandbox is still alive (its holder runs). */
  public boolean alive() {
    return unshare.isAlive();
  }

  /**
   * The argv prefix that runs a command as a container of this pod: enter the pod's namespaces, take a private copy
   * of its mount namespace for the container's own mounts, and lead a new session (so that signals reach exactly the
   * container's processes; see {@code LocalProcessRuntime}).
   */
  public List<String> enterArgv() {
    return List.of("nsenter", "-t", Long.toString(holderPid), "-m", "-u", "-p", "--", "unshare", "--mount",
        "--propagation", "private", "--", "setsid");
  }

  /** The argv prefix that runs a command inside the namespaces of the process {@code pid} (exec probes). */
  public static List<String> execArgv(long pid) {
    return List.of("nsenter", "-t", Long.toString(pid), "-m", "-u", "-p", "--");
  }

  /** SIGKILLs the holder (and with it every process of the pod) and waits for the namespace to be gone. */
  @Override
  public void close() {
    ProcessHandle.of(holderPid).ifPresent(ProcessHandle::destroyForcibly);
    destroy(unshare);
  }

  private static void destroy(Process p) {
    destroy(p.toHandle());
  }

  private static void destroy(ProcessHandle p) {
    p.children().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Reported by the caller's leak checks; nothing else to do with a process that ignores SIGKILL.
    }
  }

  private static String stderr(Path log) {
    try {
      return Files.readString(log).strip();
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}

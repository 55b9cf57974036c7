package dev.klite.kubelet.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files klite-shim keeps next to a container instance's log ({@code <dir>/<n>.log}): {@code <n>.state} (container
 * id, pids, start time; written once the container runs) and {@code <n>.exit} (wait status and finish time; written
 * after the log is complete). They outlive the kubelet, which is how a restarted kubelet finds its containers again, as
 * containerd finds its shims through their bundle directories. Blocking file I/O.
 */
final class ShimFiles {
  /**
   * @param pid the container's main process (it leads the container's process group unless {@code innerPid} != 0)
   * @param innerPid the container's first process inside the pod's PID namespace (nested launcher), else 0
   * @param shimPid the supervisor's pid
   */
  record State(String id, long pid, long innerPid, long shimPid, Instant startedAt) {}

  /** @param signal the signal that ended the main process, 0 when it exited */
  record Exit(int exitCode, int signal, Instant finishedAt) {}

  private ShimFiles() {}

  /** {@code <dir>/<n>} for the log file {@code <dir>/<n>.log}. */
  static Path base(Path logFile) {
    String name = logFile.getFileName().toString();
    return logFile.resolveSibling(name.endsWith(".log") ? name.substring(0, name.length() - 4) : name + ".shim");
  }

  static Path state(Path base) {
    return base.resolveSibling(base.getFileName() + ".state");
  }

  static Path exit(Path base) {
    return base.resolveSibling(base.getFileName() + ".exit");
  }

  static Optional<State> readState(Path base) {
    Map<String, String> kv = read(state(base));
    if (!kv.keySet().containsAll(java.util.List.of("id", "pid", "inner", "shim", "started"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new State(kv.get("id"), Long.parseLong(kv.get("pid")), Long.parseLong(kv.get("inner")),
          Long.parseLong(kv.get("shim")), micros(kv.get("started"))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Optional<Exit> readExit(Path base) {
    Map<String, String> kv = read(exit(base));
    if (!kv.keySet().containsAll(java.util.List.of("code", "signal", "finished"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Exit(Integer.parseInt(kv.get("code")), Integer.parseInt(kv.get("signal")),
          micros(kv.get("finished"))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code pid} is still the shim of {@code base} (not a zombie, not a recycled pid). */
  static boolean shimAlive(long pid, Path base) {
    try {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
      return cmdline.contains("\0klite-shim\0" + base + "\0");
    } catch (IOException e) {
      return false;
    }
  }

  static Instant micros(String value) {
    return Instant.EPOCH.plus(Long.parseLong(value), ChronoUnit.MICROS);
  }

  private static Map<String, String> read(Path file) {
    Map<String, String> kv = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return kv;
  }
}

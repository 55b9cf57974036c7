package dev.klite.kubelet.exec;

import dev.klite.kubelet.isolation.PodNamespaces;
import dev.klite.kubelet.runtime.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an exec'd command is started: the argv (entering the container's namespaces when it is isolated, as exec probes
 * do) and the host directory it starts in. With a tty the command runs under util-linux {@code script}
 * ({@link Terminal}, as containers with {@code tty: true} do), which gives it a pseudo-terminal (stdout and stderr
 * merged into it, input echoed by the terminal, as with containerd's tty exec). Pure except {@link #missingExecutable}, which reads the container's file system.
 */
final class ExecCommand {
  private ExecCommand() {}

  /** The argv to start on the host. */
  static List<String> argv(ExecTarget target, ExecOptions options) {
    List<String> argv = new ArrayList<>();
    List<String> command = options.command();
    if (options.tty()) {
      command = Terminal.wrap(command);
    }
    if (target.isolated()) {
      argv.addAll(PodNamespaces.execArgv(target.namespacePid()));
      if (target.workingDir() != null && !target.workingDir().isEmpty()) {
        // nsenter resolves --wd on the host; change directory once inside the container's mounts instead.
        argv.addAll(List.of("sh", "-c", "cd -- \"$0\" || exit 126; exec \"$@\"", target.workingDir()));
      }
    }
    // Commands run as the container's user, as runc execs them with the container's process user.
    argv.addAll(target.userArgv());
    argv.addAll(command);
    return argv;
  }

  /** The directory the host process starts in (an isolated command changes directory inside the pod). */
  static Path hostDir(ExecTarget target) {
    if (!target.isolated() && target.workingDir() != null && !target.workingDir().isEmpty()) {
      return Path.of(target.workingDir());
    }
    return target.hostDir();
  }

  /**
   * Why {@code command[0]} cannot be executed in the container (worded as runc's exec errors), or empty. Looks it up
   * in the container's file system ({@code /proc/<pid>/root} when isolated) along the container's PATH.
   */
  static Optional<String> missingExecutable(ExecTarget target, String command) {
    Path root = target.isolated() ? Path.of("/proc", Long.toString(target.namespacePid()), "root") : Path.of("/");
    if (command.contains("/")) {
      String abs = command.startsWith("/") ? command
          : Optional.ofNullable(target.workingDir()).orElse(target.isolated() ? "/" : target.hostDir().toString())
              + "/" + command;
      if (Files.isExecutable(root.resolve(abs.substring(1)))) {
        return Optional.empty();
      }
      return Optional.of("exec: \"" + command + "\": stat " + command + ": no such file or directory");
    }
    String path = target.env().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (dir.startsWith("/")) {
        Path candidate = root.resolve(dir.substring(1)).resolve(command);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of("exec: \"" + command + "\": executable file not found in $PATH");
  }

  /**
   * Waits (up to {@code max}) until an isolated container's process runs its own command: until then it is still
   * the launcher (nsenter, unshare, setsid, or the {@code klite-container} setup script) and may not yet have its
   * own mount namespace and volumes, so an exec right after the pod turned Running would see the wrong mounts.
   * Blocking.
   */
  static void awaitLaunched(ExecTarget target, java.time.Duration max) {
    if (!target.isolated()) {
      return;
    }
    Path cmdline = Path.of("/proc", Long.toString(target.namespacePid()), "cmdline");
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      String[] argv;
      try {
        argv = new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8).split("\0");
      } catch (java.io.IOException e) {
        return;
      }
      String first = Path.of(argv[0].isEmpty() ? "x" : argv[0]).getFileName().toString();
      boolean launcher = List.of("nsenter", "unshare", "setsid").contains(first)
          || (argv.length > 3 && "klite-container".equals(argv[3]));
      if (!launcher) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
    }
  }
}

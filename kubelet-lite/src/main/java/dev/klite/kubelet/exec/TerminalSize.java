package dev.klite.kubelet.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a resize message (channel 4, {@code {"Width":W,"Height":H}}) to the pseudo-terminal of a tty exec or of a
 * container with {@code tty: true} (attach): finds the process under it whose stdin is a {@code /dev/pts} device (the
 * child of {@code script}) and runs
 * {@code stty -F /proc/<pid>/fd/0 cols W rows H}; the kernel then sends SIGWINCH to the terminal's foreground
 * process group, as a container runtime's resize does. Blocking (waits up to a second for the terminal to exist).
 */
final class TerminalSize {
  private static final Logger log = LoggerFactory.getLogger(TerminalSize.class);

  private TerminalSize() {}

  static void apply(Process exec, int width, int height) {
    if (exec != null) {
      apply(exec.toHandle(), width, height);
    }
  }

  /** As {@link #apply(Process, int, int)} for the terminal under any process (a container's main process). */
  static void apply(ProcessHandle exec, int width, int height) {
    if (width <= 0 || height <= 0) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (exec.isAlive() && System.nanoTime() < deadline) {
      Optional<Path> tty = exec.descendants().map(h -> Path.of("/proc", Long.toString(h.pid()), "fd", "0"))
          .filter(TerminalSize::isPts).findFirst();
      if (tty.isPresent()) {
        stty(tty.get(), width, height);
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  private static boolean isPts(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().startsWith("/dev/pts/");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void stty(Path tty, int width, int height) {
    try {
      Process p = new ProcessBuilder("stty", "-F", tty.toString(), "cols", Integer.toString(width), "rows",
          Integer.toString(height)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      log.debug("cannot resize {}: {}", tty, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.klite.kubelet.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first child of a process, read from {@code /proc/<pid>/task/<pid>/children} (Linux 3.5+). Java's
 * {@link ProcessHandle#children()} scans every {@code /proc/<pid>/stat} of the host to find parents; with hundreds of
 * pod processes alive, that scan dominated container start-up when it was polled.
 */
public final class ChildProcesses {
  private ChildProcesses() {}

  /** The pid of a child of {@code pid}, if it has one; falls back to the full scan where the file is missing. */
  public static Optional<Long> first(ProcessHandle process) {
    long pid = process.pid();
    Path children = Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children");
    try {
      String text = Files.readString(children).strip();
      if (text.isEmpty()) {
        return Optional.empty();
      }
      int space = text.indexOf(' ');
      return Optional.of(Long.parseLong(space < 0 ? text : text.substring(0, space)));
    } catch (IOException | NumberFormatException e) {
      return process.children().findFirst().map(ProcessHandle::pid);
    }
  }
}

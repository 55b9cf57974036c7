package dev.klite.kubelet.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads process-group membership from {@code /proc/<pid>/stat} (Java's ProcessHandle does not expose the group),
 * so that the runtime can wait until a killed container is really gone.
 */
final class ProcessGroups {
  private static final Path PROC = Path.of("/proc");

  private ProcessGroups() {}

  /** Whether any process other than a zombie belongs to process group {@code pgid}. */
  static boolean hasLiveMembers(long pgid) {
    if (!Files.isDirectory(PROC)) {
      return false;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumeric(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        String stat;
        try {
          stat = Files.readString(dir.resolve("stat"));
        } catch (IOException e) {
          continue; // the process exited while we were scanning
        }
        // Fields after the command (which may contain spaces and parentheses): state ppid pgrp ...
        int close = stat.lastIndexOf(')');
        if (close < 0) {
          continue;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        if (fields.length > 2 && Long.parseLong(fields[2]) == pgid && !"Z".equals(fields[0])
            && !"X".equals(fields[0])) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** The process group of {@code pid}, or -1 when it is gone. */
  static long groupOf(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      int close = stat.lastIndexOf(')');
      String[] fields = stat.substring(close + 2).split(" ");
      return Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Polls until the group is empty or {@code timeout} passed; returns whether it became empty. */
  static boolean awaitEmpty(long pgid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (hasLiveMembers(pgid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return true;
  }

  private static boolean isNumeric(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}

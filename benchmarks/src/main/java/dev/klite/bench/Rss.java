package dev.klite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident set size from {@code /proc/<pid>/status}. */
final class Rss {
  private Rss() {}

  /** {@code VmRSS} of {@code pid} in MiB. */
  static double ofPid(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kb) / 1024.0;
        }
      }
      throw new IllegalStateException("no VmRSS for pid " + pid);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
    }
  }
}

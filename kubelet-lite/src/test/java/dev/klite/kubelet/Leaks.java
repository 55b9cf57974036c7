package dev.klite.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds what a test left behind on the host: processes and mounts that mention a path (e.g. the test's root). */
public final class Leaks {
  private Leaks() {}

  /** Command lines of live processes that contain {@code s}. */
  public static List<String> processesMentioning(String s) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).map(p -> {
        try {
          return new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
          return "";
        }
      }).filter(c -> c.contains(s)).toList();
    }
  }

  /** Lines of the host's mount table that contain {@code s}. */
  public static List<String> mountsMentioning(String s) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(s)).toList();
  }
}

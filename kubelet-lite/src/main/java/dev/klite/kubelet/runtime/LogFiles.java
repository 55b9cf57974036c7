package dev.klite.kubelet.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Names of a container instance's log files under rotation (see {@link LogLimits}). Blocking file I/O. */
public final class LogFiles {
  private LogFiles() {}

  static Path rotated(Path live, int n) {
    return live.resolveSibling(live.getFileName() + "." + n);
  }

  /** The retained files of one instance, oldest first, the live file last (if it exists). */
  public static List<Path> retained(Path live) throws IOException {
    TreeMap<Integer, Path> rotated = new TreeMap<>();
    String prefix = live.getFileName() + ".";
    if (Files.isDirectory(live.getParent())) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(live.getParent(), prefix + "*")) {
        for (Path p : ds) {
          String suffix = p.getFileName().toString().substring(prefix.length());
          if (!suffix.isEmpty() && suffix.chars().allMatch(Character::isDigit)) {
            rotated.put(Integer.parseInt(suffix), p);
          }
        }
      }
    }
    List<Path> out = new ArrayList<>(rotated.values());
    if (Files.exists(live)) {
      out.add(live);
    }
    return out;
  }
}

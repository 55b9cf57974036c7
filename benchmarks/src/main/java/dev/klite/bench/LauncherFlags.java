package dev.klite.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVM flags {@code ./klite server} uses, so that the harness measures klite as users run it: the launcher's
 * {@code default_opts=(...)} line, read from the script itself (one place to change them), and its class-data archive
 * when the launcher has recorded one for the current jars.
 */
final class LauncherFlags {
  private LauncherFlags() {}

  /** Flags for {@code java ... -jar jar}; empty when the launcher script is not next to the build. */
  static List<String> forJar(Path jar) throws IOException {
    Path targetDir = jar.toAbsolutePath().getParent();
    Path script = targetDir.getParent().getParent().resolve("klite");
    List<String> flags = new ArrayList<>();
    if (!Files.isRegularFile(script)) {
      return flags;
    }
    for (String line : Files.readAllLines(script)) {
      String t = line.strip();
      if (t.startsWith("default_opts=(") && t.endsWith(")")) {
        flags.addAll(Arrays.asList(t.substring("default_opts=(".length(), t.length() - 1).trim().split("\\s+")));
      }
    }
    Path jsa = targetDir.resolve("klite.jsa");
    if (Files.isRegularFile(jsa) && Files.getLastModifiedTime(jsa).compareTo(newestJar(targetDir)) > 0) {
      flags.addAll(List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    return flags;
  }

  private static java.nio.file.attribute.FileTime newestJar(Path targetDir) throws IOException {
    java.nio.file.attribute.FileTime newest = Files.getLastModifiedTime(targetDir.resolve("klite.jar"));
    try (Stream<Path> libs = Files.list(targetDir.resolve("lib"))) {
      for (Path p : libs.filter(p -> p.toString().endsWith(".jar")).toList()) {
        java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(p);
        if (t.compareTo(newest) > 0) newest = t;
      }
    }
    return newest;
  }
}

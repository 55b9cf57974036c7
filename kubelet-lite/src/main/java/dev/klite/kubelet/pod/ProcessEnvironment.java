package dev.klite.kubelet.pod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of a running process, from {@code /proc/<pid>/environ}: what an adopted container was started with
 * (exec and exec probes run with the container's environment; the kubelet that computed it is gone). Blocking.
 */
final class ProcessEnvironment {
  private ProcessEnvironment() {}

  /** The process's initial environment; empty when it cannot be read. */
  static Map<String, String> of(long pid) {
    Map<String, String> env = new LinkedHashMap<>();
    try {
      String all = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
          StandardCharsets.UTF_8);
      for (String entry : all.split("\0")) {
        int eq = entry.indexOf('=');
        if (eq > 0) {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return Map.copyOf(env);
  }
}

package dev.klite.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: {@code nproc}, CPU model, {@code free -h}, {@code java -version}, load. */
final class MachineInfo {
  private MachineInfo() {}

  static String cpus() {
    return Integer.toString(Runtime.getRuntime().availableProcessors());
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The first line of {@code uptime}'s load average, e.g. {@code 3.52, 3.85, 4.86}. */
  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String memory() {
    return run(List.of("free", "-h")).lines().filter(l -> l.startsWith("Mem:")).findFirst()
        .map(l -> l.replaceAll("\\s+", " ").trim()).orElse("unknown");
  }

  static String java() {
    return run(List.of(ServerProcess.javaBin(), "-version")).lines().filter(l -> !l.isBlank()).reduce((a, b) -> a + "; " + b)
        .orElse(System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
  }

  static String kernel() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  private static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}

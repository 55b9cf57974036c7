package dev.klite.kubelet.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds pod processes left running by an earlier kubelet process on the same root directory (it died without
 * {@code close()}): pod sandboxes (their {@code unshare}) and container shims (klite-shim). Those of pods the
 * restarted kubelet still runs are adopted by their pod workers; the rest belong to pods deleted meanwhile and are
 * killed, as the kubelet's housekeeping kills the containers and sandboxes of pods it no longer knows
 * ({@code pkg/kubelet/kubelet_pods.go} HandlePodCleanups). Blocking: scans /proc.
 */
public final class OrphanSandboxes {
  private OrphanSandboxes() {}

  /** An orphan: its process and the pod directory it belongs to. */
  public record Orphan(ProcessHandle process, Path podDir, boolean shim) {}

  /** The sandboxes and shims whose pod directory lies under {@code <rootDir>/pods/}. */
  public static List<Orphan> under(Path rootDir) {
    Path pods = rootDir.toAbsolutePath().normalize().resolve("pods");
    String marker = pods + "/";
    List<Orphan> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        String cmd = commandLine(pid);
        int at = cmd.indexOf(marker);
        if (at < 0) {
          continue;
        }
        String rest = cmd.substring(at + marker.length());
        int slash = rest.indexOf('/');
        Path podDir = pods.resolve(slash < 0 ? rest : rest.substring(0, slash));
        // The unshare process of a sandbox: its argv ends with the script and the name "klite-sandbox".
        boolean sandbox = cmd.startsWith("unshare\0") && cmd.endsWith("\0klite-sandbox\0");
        // A shim: "... perl -e <script> klite-shim <base> ..." with <base> under the pod directory.
        boolean shim = cmd.contains("\0klite-shim\0" + marker);
        if (sandbox || shim) {
          ProcessHandle.of(pid).ifPresent(h -> out.add(new Orphan(h, podDir, shim)));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  /**
   * SIGKILLs every orphaned sandbox (and so every process in it) and every shim's container under {@code rootDir}
   * whose pod directory is not in {@code keep}; returns how many were killed. A killed container's shim records the
   * exit and ends by itself.
   */
  public static int killUnder(Path rootDir, Set<Path> keep) {
    int killed = 0;
    for (Orphan o : under(rootDir)) {
      if (keep.contains(o.podDir())) {
        continue;
      }
      killed++;
      if (o.shim()) {
        o.process().descendants().forEach(ProcessHandle::destroyForcibly);
      } else {
        o.process().children().forEach(ProcessHandle::destroyForcibly);
        o.process().destroyForcibly();
      }
    }
    return killed;
  }

  /** {@code /proc/<pid>/cmdline} (NUL-separated argv), or empty when the process is gone. */
  static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

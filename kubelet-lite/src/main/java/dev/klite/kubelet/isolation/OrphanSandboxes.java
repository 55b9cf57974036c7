package dev.klite.kubelet.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds pod sandboxes left running by an earlier kubelet process on the same root directory (it died without
 * {@code close()}). Their containers cannot be adopted: their output pipes led to the dead process and their exit
 * status can only be collected by their parent, so the kubelet reports them {@code ContainerStatusUnknown}; killing
 * the holders makes that report true instead of leaving unaccounted processes running. Blocking: scans /proc.
 */
public final class OrphanSandboxes {
  private OrphanSandboxes() {}

  /** The holders (PID 1 of each pod) whose sandbox lives under {@code <rootDir>/pods/}. */
  public static List<ProcessHandle> under(Path rootDir) {
    String marker = rootDir.toAbsolutePath().normalize().resolve("pods") + "/";
    List<ProcessHandle> out = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
        p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        String cmd;
        try {
          cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
          continue; // exited while scanning
        }
        // The unshare process of a sandbox: its argv ends with the script and the name "klite-sandbox".
        if (cmd.startsWith("unshare\0") && cmd.endsWith("\0klite-sandbox\0") && cmd.contains(marker)) {
          ProcessHandle.of(Long.parseLong(proc.getFileName().toString())).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  /** SIGKILLs every orphaned sandbox under {@code rootDir} (and so every process in it); returns how many. */
  public static int killUnder(Path rootDir) {
    List<ProcessHandle> found = under(rootDir);
    for (ProcessHandle unshare : found) {
      unshare.children().forEach(ProcessHandle::destroyForcibly);
      unshare.destroyForcibly();
    }
    return found.size();
  }
}

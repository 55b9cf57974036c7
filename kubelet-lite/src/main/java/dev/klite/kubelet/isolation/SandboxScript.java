package dev.klite.kubelet.isolation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The script the pod's holder process (our "pause" container) runs as PID 1 of the pod's new mount, UTS and PID
 * namespaces. It sets the hostname, builds the pod's root and then only reaps orphans until it is killed.
 *
 * <p>Why a root of our own: a volume's mountPath often does not exist on the host ({@code /data}), and creating it
 * there, even inside a private mount namespace, would litter the host's file system. So the pod's root is a tmpfs
 * (at {@code <podDir>/rootfs}, mounted only inside the namespace) holding bind mounts of every top-level entry of the
 * host root (symlinks such as {@code /bin -> usr/bin} copied), a fresh {@code /proc} for the pod's PID namespace and
 * the host's {@code /dev} and {@code /sys}; then {@code pivot_root} makes it the namespace's root. Host paths keep
 * their meaning inside the pod, and a mountPath under a new top-level directory is created in the tmpfs only. Nothing
 * of it is visible on the host, and all of it disappears with the namespace when the holder is killed (SIGKILL to a
 * PID namespace's init kills every process in it).
 */
public final class SandboxScript {
  static final String READY = "klite-sandbox-ready";
  /** PID 1 of the pod: reap processes re-parented to it while waiting (dash's wait collects any child). */
  private static final String PAUSE = "exec sh -c 'while :; do sleep 2147483647 & wait; done' klite-pause\n";

  /** A tmpfs the holder mounts inside the pod (an emptyDir with {@code medium: Memory}). */
  public record Tmpfs(Path dir, Long sizeBytes) {
    public Tmpfs {
      Objects.requireNonNull(dir, "dir");
    }
  }

  private SandboxScript() {}

  /**
   * @param privateRoot whether to build the tmpfs root; without it the pod keeps the host's root (in its own mount
   *     namespace, with its own {@code /proc}), which is enough when every mountPath's top-level directory exists on
   *     the host: building the root forks a process per host top-level entry and dominated pod start-up
   */
  static String build(Path rootfs, String hostname, List<Tmpfs> tmpfs, boolean privateRoot) {
    StringBuilder s = new StringBuilder();
    s.append("set -e\n");
    s.append("hostname ").append(Shell.quote(hostname)).append('\n');
    for (Tmpfs t : tmpfs) {
      s.append("mount -t tmpfs -o ").append(t.sizeBytes() == null ? "mode=0777" : "mode=0777,size=" + t.sizeBytes())
          .append(" klite-memory ").append(Shell.quote(t.dir().toString())).append('\n');
    }
    // Always named: OrphanSandboxes finds a dead kubelet's sandboxes by this path in their command line.
    s.append("R=").append(Shell.quote(rootfs.toString())).append('\n');
    if (!privateRoot) {
      // A proc of the pod's own PID namespace, so that ps and /proc/self inside the pod see the pod's processes.
      s.append("mount -t proc proc /proc\n");
      s.append("echo ").append(READY).append('\n');
      s.append(PAUSE);
      return s.toString();
    }
    s.append("""
        mount -t tmpfs -o mode=0755 klite-rootfs "$R"
        for e in /* /.[!.]*; do
          n=${e#/}
          case "$n" in proc|sys|dev|'*'|'.[!.]*') continue;; esac
          if [ -L "$e" ]; then cp -P "$e" "$R/$n"
          elif [ -d "$e" ]; then mkdir "$R/$n"; mount --rbind "$e" "$R/$n"
          elif [ -e "$e" ]; then : > "$R/$n"; mount --bind "$e" "$R/$n"
          fi
        done
        mkdir "$R/proc" "$R/sys" "$R/dev" "$R/.klite-oldroot"
        mount -t proc proc "$R/proc"
        mount --rbind /sys "$R/sys"
        mount --rbind /dev "$R/dev"
        cd "$R"
        pivot_root . .klite-oldroot
        cd /
        umount -l /.klite-oldroot
        rmdir /.klite-oldroot
        """);
    // The rbind of the top-level directory holding the pod directory copied the pod's root into itself; drop that
    // copy so that the root does not contain itself (find / and du would walk it twice).
    s.append("umount -l \"$R\" 2>/dev/null || true\n");
    s.append("echo ").append(READY).append('\n');
    s.append(PAUSE);
    return s.toString();
  }
}

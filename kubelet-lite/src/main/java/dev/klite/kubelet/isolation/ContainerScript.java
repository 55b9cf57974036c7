package dev.klite.kubelet.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The script that turns a process into a container: it joins the container's cgroups, mounts the container's volumes
 * in the container's own mount namespace (a private copy of the pod's, as each container of a real pod has its own
 * mounts over a shared sandbox), changes to the working directory and execs the command ({@code "$@"}).
 *
 * <p>Mount targets: a mountPath whose top-level directory is not on the host is created in the pod's tmpfs root
 * (see {@link SandboxScript}); one whose top-level directory exists but whose parents do not is created in an
 * overlay of that top-level directory (upper layer in a tmpfs of the container), so the host is never written.
 * Sources are first bound to a staging tmpfs, so that an overlay cannot hide a source (an emptyDir under /tmp stays
 * the shared directory even when /tmp gets an overlay). Failures are written to fd 3 (the start-error file, opened
 * before any mount) and end the script with 128, which the kubelet reports as {@code StartError}, as runc's mount
 * errors are. Pure apart from reading which host paths exist.
 */
public final class ContainerScript {
  public static final int START_ERROR_EXIT = 128;
  /** Top-level directories that must not be overlaid: their submounts would be hidden. */
  private static final Set<String> NO_OVERLAY = Set.of("/proc", "/sys");
  /**
   * A mountPath missing under /dev (the default terminationMessagePath /dev/termination-log) gets the container a
   * private /dev instead of an overlay: a tmpfs holding copies of the host's device nodes and symlinks and binds of
   * its submounts (pts, shm, mqueue), as runc gives every container a tmpfs /dev. The host's /dev is never written.
   */
  private static final String DEV = "/dev";

  /**
   * One volume mount of the container.
   *
   * @param source the host path of the volume (or of its subPath)
   * @param target the container's mountPath
   */
  public record Mount(String volume, Path source, String target, boolean readOnly) {
    public Mount {
      Objects.requireNonNull(volume, "volume");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
    }
  }

  private ContainerScript() {}

  /**
   * @param id container id, names the staging directory
   * @param errorFile host file receiving the start error message
   * @param cgroupDirs cgroup directories to join (empty: none)
   * @param mounts volume mounts; empty when the container is not isolated
   * @param workingDir directory to change to, or null to stay
   */
  public static String build(String id, Path errorFile, List<Path> cgroupDirs, List<Mount> mounts, String workingDir) {
    return build(id, errorFile, cgroupDirs, mounts, workingDir, List.of());
  }

  /**
   * As {@link #build(String, Path, List, List, String)}, the command finally run through {@code userArgv} (a
   * {@code setpriv} prefix switching to the container's user and groups, after every mount is done as root), or
   * directly when it is empty.
   */
  public static String build(String id, Path errorFile, List<Path> cgroupDirs, List<Mount> mounts, String workingDir,
      List<String> userArgv) {
    StringBuilder s = new StringBuilder();
    s.append("exec 3>>").append(Shell.quote(errorFile.toString())).append(" || exit ").append(START_ERROR_EXIT)
        .append('\n');
    s.append("fail() { printf '%s\\n' \"$1\" >&3; exit ").append(START_ERROR_EXIT).append("; }\n");
    for (Path cg : cgroupDirs) {
      String procs = Shell.quote(cg.resolve("cgroup.procs").toString());
      s.append("o=$( { echo $$ > ").append(procs).append("; } 2>&1) || fail ")
          .append(Shell.quote("cannot join cgroup " + cg + ": ")).append("\"$o\"\n");
    }
    if (!mounts.isEmpty()) {
      appendMounts(s, "/.klite-" + id.substring(0, Math.min(12, id.length())), mounts);
    }
    if (workingDir != null) {
      s.append("cd ").append(Shell.quote(workingDir)).append(" 2>/dev/null || fail ")
          .append(Shell.quote("failed to start container process: chdir to cwd (\"" + workingDir
              + "\") set in config.json failed: no such file or directory")).append('\n');
    }
    s.append("exec 3>&-\nexec ");
    for (String a : userArgv) {
      s.append(Shell.quote(a)).append(' ');
    }
    s.append("\"$@\"\n");
    return s.toString();
  }

  private static void appendMounts(StringBuilder s, String staging, List<Mount> mounts) {
    String st = Shell.quote(staging);
    s.append("run() { o=$(\"$@\" 2>&1) || fail \"$m: $o\"; }\n");
    s.append("m=").append(Shell.quote("cannot create staging directory " + staging)).append('\n');
    s.append("run mkdir ").append(st).append("\nrun mount -t tmpfs -o mode=0700 klite-staging ").append(st)
        .append('\n');
    for (int i = 0; i < mounts.size(); i++) {
      Mount m = mounts.get(i);
      String stage = Shell.quote(staging + "/s" + i);
      boolean file = Files.exists(m.source()) && !Files.isDirectory(m.source());
      s.append("m=").append(Shell.quote(mountError(m))).append('\n');
      s.append(file ? "run touch " : "run mkdir ").append(stage).append('\n');
      s.append("run mount --bind ").append(Shell.quote(m.source().toString())).append(' ').append(stage).append('\n');
    }
    Set<String> overlays = new LinkedHashSet<>();
    for (Mount m : mounts) {
      overlayFor(m.target()).ifPresent(overlays::add);
    }
    int k = 0;
    for (String top : overlays) {
      if (DEV.equals(top)) {
        appendPrivateDev(s, staging + "/dev");
        continue;
      }
      String u = staging + "/u" + k;
      String w = staging + "/w" + k;
      k++;
      s.append("m=").append(Shell.quote("cannot create an overlay of " + top + " for a mountPath under it"))
          .append('\n');
      s.append("run mkdir ").append(Shell.quote(u)).append(' ').append(Shell.quote(w)).append('\n');
      s.append("run mount -t overlay klite-overlay -o ")
          .append(Shell.quote("lowerdir=" + top + ",upperdir=" + u + ",workdir=" + w)).append(' ')
          .append(Shell.quote(top)).append('\n');
    }
    for (int i = 0; i < mounts.size(); i++) {
      Mount m = mounts.get(i);
      String target = Shell.quote(m.target());
      String stage = Shell.quote(staging + "/s" + i);
      boolean file = Files.exists(m.source()) && !Files.isDirectory(m.source());
      s.append("m=").append(Shell.quote(mountError(m))).append('\n');
      if (file) {
        s.append("[ -e ").append(target).append(" ] || { run mkdir -p \"$(dirname ").append(target)
            .append(")\"; run touch ").append(target).append("; }\n");
      } else {
        s.append("[ -d ").append(target).append(" ] || run mkdir -p ").append(target).append('\n');
      }
      s.append("run mount --move ").append(stage).append(' ').append(target).append('\n');
      if (m.readOnly()) {
        s.append("run mount -o remount,bind,ro ").append(target).append('\n');
      }
    }
    // The overlays keep their upper layers alive; the staging directory itself goes away.
    s.append("umount -l ").append(st).append(" && rmdir ").append(st).append('\n');
  }

  /**
   * A tmpfs at /dev filled from the current /dev: submounts are bound (recursively), everything else is copied with
   * {@code cp -a} (device nodes are re-created, which a tmpfs allows for root). One cp for all entries keeps the cost
   * of a container start low.
   */
  private static void appendPrivateDev(StringBuilder s, String dir) {
    String d = Shell.quote(dir);
    s.append("m=").append(Shell.quote("cannot create a private /dev for a mountPath under it")).append('\n');
    s.append("run mkdir ").append(d).append('\n');
    s.append("run mount -t tmpfs -o mode=0755,nosuid klite-dev ").append(d).append('\n');
    s.append("devcopy() {\n")
        .append("  d=$1; mps=\" $(awk '{printf \"%s \", $5}' /proc/self/mountinfo)\"; set --\n")
        .append("  for e in /dev/* /dev/.[!.]*; do\n")
        .append("    [ -e \"$e\" ] || [ -L \"$e\" ] || continue\n")
        .append("    n=${e#/dev/}\n")
        .append("    case \"$mps\" in\n")
        .append("      *\" $e \"*)\n")
        .append("        if [ -d \"$e\" ]; then mkdir \"$d/$n\"; else : > \"$d/$n\"; fi\n")
        .append("        run mount --rbind \"$e\" \"$d/$n\";;\n")
        .append("      *) set -- \"$@\" \"$e\";;\n")
        .append("    esac\n")
        .append("  done\n")
        // A node that cannot be copied (an odd socket) is left out rather than failing the container.
        .append("  [ $# -eq 0 ] || cp -a \"$@\" \"$d/\" 2>/dev/null || true\n")
        .append("}\n");
    s.append("devcopy ").append(d).append('\n');
    s.append("run mount --move ").append(d).append(' ').append(DEV).append('\n');
  }

  private static String mountError(Mount m) {
    return "error mounting \"" + m.source() + "\" (volume \"" + m.volume() + "\") to rootfs at \"" + m.target() + "\"";
  }

  /**
   * The top-level host directory that needs an overlay so that {@code target} can be created without writing to the
   * host, or empty when the target exists or its top-level directory is not on the host (then it is created in the
   * pod's tmpfs root).
   */
  static java.util.Optional<String> overlayFor(String target) {
    Path t = Path.of(target).normalize();
    if (t.getNameCount() == 0 || Files.exists(t)) {
      return java.util.Optional.empty();
    }
    Path top = t.getRoot().resolve(t.getName(0));
    if (!Files.exists(top)) {
      return java.util.Optional.empty();
    }
    Path existing = t.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      // Through symlinks (e.g. /var/run -> /run) the directory really written is the real path's top level.
      Path real = existing == null ? top : existing.toRealPath();
      Path realTop = real.getNameCount() == 0 ? real : real.getRoot().resolve(real.getName(0));
      return java.util.Optional.of(realTop.toString());
    } catch (IOException e) {
      return java.util.Optional.of(top.toString());
    }
  }

  /** Mount paths that cannot be provided at all, with the reason (under /proc, /sys or /dev and missing). */
  public static List<String> unsupportedTargets(List<Mount> mounts) {
    List<String> out = new ArrayList<>();
    for (Mount m : mounts) {
      overlayFor(m.target()).filter(NO_OVERLAY::contains).ifPresent(top -> out.add("mountPath \"" + m.target()
          + "\" of volume \"" + m.volume() + "\" does not exist and " + top + " cannot be overlaid"));
    }
    return out;
  }
}

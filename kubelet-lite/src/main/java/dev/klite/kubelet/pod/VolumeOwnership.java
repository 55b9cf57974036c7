package dev.klite.kubelet.pod;

import dev.klite.kubelet.isolation.HostCapabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The pod's {@code fsGroup} applied to a volume ({@code pkg/volume/volume_linux.go} SetVolumeOwnership): every file
 * and directory (symlinks skipped) gets the group, read (and for writable volumes write) permission for the group
 * ({@code 0440} / {@code 0660}), and directories the setgid bit and search permission, so that files created later
 * inherit the group. Changing the group needs root; a kubelet that is not root leaves ownership alone. Blocking.
 */
final class VolumeOwnership {
  private VolumeOwnership() {}

  static void apply(Path root, long fsGroup, boolean readOnly) throws IOException {
    if (!HostCapabilities.isRoot()) {
      return;
    }
    int mask = readOnly ? 0440 : 0660;
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Files.setAttribute(p, "unix:gid", (int) fsGroup, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        int wanted = mode & 07777 | mask | (dir ? 02110 : 0);
        if (wanted != (mode & 07777)) {
          chmod(p, wanted);
        }
      }
    }
  }

  /** Sets permission bits including setgid (the unix view's mode is chmod's, unlike PosixFilePermission). */
  private static void chmod(Path p, int mode) throws IOException {
    Files.setAttribute(p, "unix:mode", mode);
  }
}

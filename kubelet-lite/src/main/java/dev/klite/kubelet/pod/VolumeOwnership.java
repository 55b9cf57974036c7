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
 * inherit the group. With {@code fsGroupChangePolicy: OnRootMismatch} the walk is skipped when the volume's root
 * already has the group, the permissions and the setgid bit (upstream skipPermissionChange / requiresPermissionChange;
 * an emptyDir set up again after a kubelet restart then keeps what its containers wrote as it is). Changing the group
 * needs root; a kubelet that is not root leaves ownership alone. Blocking.
 */
final class VolumeOwnership {
  private VolumeOwnership() {}

  static final String ON_ROOT_MISMATCH = "OnRootMismatch";

  static void apply(Path root, long fsGroup, boolean readOnly) throws IOException {
    apply(root, fsGroup, readOnly, null);
  }

  /** @param changePolicy the pod's {@code fsGroupChangePolicy}; null or {@code Always} walks every file */
  static void apply(Path root, long fsGroup, boolean readOnly, String changePolicy) throws IOException {
    if (!HostCapabilities.isRoot()) {
      return;
    }
    int mask = readOnly ? 0440 : 0660;
    if (ON_ROOT_MISMATCH.equals(changePolicy) && !requiresChange(root, fsGroup, mask)) {
      return;
    }
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

  /** Whether the root is not yet a directory with the group, {@code mask} plus search permission, and setgid. */
  static boolean requiresChange(Path root, long fsGroup, int mask) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    int gid = (Integer) Files.getAttribute(root, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(root, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int wanted = mask | 0110;
    return gid != fsGroup || (mode & wanted) != wanted || (mode & 02000) == 0;
  }

  /** Sets permission bits including setgid (the unix view's mode is chmod's, unlike PosixFilePermission). */
  private static void chmod(Path p, int mode) throws IOException {
    Files.setAttribute(p, "unix:mode", mode);
  }
}

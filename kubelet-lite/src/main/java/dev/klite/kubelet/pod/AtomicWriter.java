package dev.klite.kubelet.pod;

import dev.klite.kubelet.isolation.HostCapabilities;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the files of a configMap, secret, downwardAPI or projected volume so that a running container sees each
 * update whole and at once ({@code pkg/volume/util/atomic_writer.go}): the files live in a hidden timestamped
 * directory ({@code ..2006_01_02_15_04_05.<random>}), {@code ..data} is a symlink to it, and each top-level name the
 * user sees is a symlink through {@code ..data}. An update writes a new timestamped directory, swaps {@code ..data}
 * with one rename, adds and removes the visible symlinks and deletes the old directory. Nothing is written when the
 * payload is unchanged. Blocking file I/O; one writer per directory at a time (the pod's serial executor).
 */
final class AtomicWriter {
  static final String DATA = "..data";
  private static final String DATA_TMP = "..data_tmp";
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss'.'");

  /**
   * One file of the payload: its bytes, permission bits and owner.
   *
   * @param fsUser the user the file belongs to (a service account token of a pod with one runAsUser), or null to keep
   *     the kubelet's; applied only when the kubelet is root
   */
  record FileProjection(byte[] data, int mode, Long fsUser) {
    FileProjection(byte[] data, int mode) {
      this(data, mode, null);
    }
  }

  private AtomicWriter() {}

  /**
   * @param fsGroup group that gets the files (read-only volume ownership, {@code pkg/volume/volume_linux.go}), or null
   * @return whether the volume changed
   */
  static boolean write(Path dir, Map<String, FileProjection> payload, Long fsGroup) throws IOException {
    for (String path : payload.keySet()) {
      validate(path);
    }
    Files.createDirectories(dir);
    Path data = dir.resolve(DATA);
    Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    if (old != null && Files.isDirectory(old) && same(old, payload, fsGroup)) {
      return false;
    }
    Path ts = Files.createTempDirectory(dir, ZonedDateTime.now(ZoneOffset.UTC).format(TS));
    Files.setPosixFilePermissions(ts, VolumeBuilder.permissions(0755));
    for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
      Path file = ts.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, e.getValue().data());
      Files.setPosixFilePermissions(file, VolumeBuilder.permissions(e.getValue().mode()));
      if (e.getValue().fsUser() != null && HostCapabilities.isRoot()) {
        // atomic_writer.go writePayloadToDir: chown to FsUser, group unchanged (fsGroup ownership follows).
        Files.setAttribute(file, "unix:uid", e.getValue().fsUser().intValue(), LinkOption.NOFOLLOW_LINKS);
      }
    }
    if (fsGroup != null) {
      VolumeOwnership.apply(ts, fsGroup, true);
    }
    Path tmp = dir.resolve(DATA_TMP);
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, ts.getFileName());
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    Set<String> visible = new LinkedHashSet<>();
    for (String path : payload.keySet()) {
      visible.add(Path.of(path).getName(0).toString());
    }
    for (String name : visible) {
      Path link = dir.resolve(name);
      if (!Files.isSymbolicLink(link)) {
        // A file of an older layout (written in place) makes way for the link.
        deleteTree(link);
        Files.createSymbolicLink(link, Path.of(DATA, name));
      }
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!name.startsWith("..") && !visible.contains(name)) {
          deleteTree(p);
        }
      }
    }
    if (old != null && !old.equals(ts)) {
      deleteTree(old);
    }
    return true;
  }

  /** As upstream validatePath: relative, no {@code ..} element, not starting with {@code ..}. */
  static void validate(String path) throws IOException {
    Path p = Path.of(path);
    if (path.isEmpty() || p.isAbsolute() || path.startsWith("..")
        || Arrays.stream(path.split("/")).anyMatch(".."::equals)) {
      throw new IOException("invalid path " + path + ": must be relative, must not contain '..' and must not start "
          + "with '..'");
    }
  }

  private static boolean same(Path old, Map<String, FileProjection> payload, Long fsGroup) throws IOException {
    Map<String, Path> existing = new HashMap<>();
    try (Stream<Path> walk = Files.walk(old)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          existing.put(old.relativize(p).toString(), p);
        }
      }
    }
    if (!existing.keySet().equals(payload.keySet())) {
      return false;
    }
    for (Map.Entry<String, FileProjection> e : payload.entrySet()) {
      Path p = existing.get(e.getKey());
      int mode = e.getValue().mode();
      if (fsGroup != null && HostCapabilities.isRoot()) {
        mode |= 0440;
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      if (!perms.equals(VolumeBuilder.permissions(mode & 0777)) || !Arrays.equals(Files.readAllBytes(p),
          e.getValue().data())) {
        return false;
      }
      Long owner = e.getValue().fsUser();
      if (owner != null && HostCapabilities.isRoot()
          && ((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != owner.intValue()) {
        return false;
      }
    }
    return true;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(p);
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

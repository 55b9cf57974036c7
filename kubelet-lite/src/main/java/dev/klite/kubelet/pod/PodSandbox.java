package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A pod's directory on the node: {@code <root>/pods/<ns>_<name>_<uid>/} holding one directory per container with a
 * log file per instance ({@code <container>/<restartCount>.log}, the layout of {@code /var/log/pods}) and the
 * volumes ({@code volumes/kubernetes.io~empty-dir/<name>}, {@code ~configmap}, {@code ~secret}, {@code ~downward-api},
 * {@code ~projected}, as in {@code /var/lib/kubelet/pods}) and, for isolated pods, the empty mount point of the pod's
 * root ({@code rootfs}, see {@code SandboxScript}).
 */
public final class PodSandbox {
  private final Path dir;

  public PodSandbox(Path rootDir, String namespace, String name, String uid) {
    this.dir = podDir(rootDir, namespace, name, uid);
  }

  public static Path podDir(Path rootDir, String namespace, String name, String uid) {
    return rootDir.resolve("pods").resolve(namespace + "_" + name + "_" + uid);
  }

  public static Path logFile(Path podDir, String container, int restartCount) {
    return podDir.resolve(container).resolve(restartCount + ".log");
  }

  public Path dir() {
    return dir;
  }

  public Path logFile(String container, int restartCount) {
    return logFile(dir, container, restartCount);
  }

  /**
   * The newest instance of {@code container} a runtime left a state file for ({@code <n>.state} next to
   * {@code <n>.log}, see the runtime's shim), or -1: after a kubelet restart that instance may still run even when the
   * pod's status never showed it. Blocking file I/O.
   */
  public int newestInstance(String container) {
    int newest = -1;
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve(container), "*.state")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        n = n.substring(0, n.length() - ".state".length());
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
          newest = Math.max(newest, Integer.parseInt(n));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return newest;
  }

  public Path emptyDir(String volume) {
    return dir.resolve("volumes").resolve("kubernetes.io~empty-dir").resolve(volume);
  }

  /** Creates the pod directory and its emptyDir volumes. Blocking file I/O. */
  public void create(Pod pod) throws IOException {
    Files.createDirectories(dir);
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getEmptyDir() != null) {
        Files.createDirectories(emptyDir(v.getName()));
      }
    }
  }

  /** Removes the pod directory and everything in it. Blocking file I/O. */
  public void remove() throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
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

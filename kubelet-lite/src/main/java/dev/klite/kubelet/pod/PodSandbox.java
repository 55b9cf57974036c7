package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's directory on the node: {@code <root>/pods/<ns>_<name>_<uid>/} holding one directory per container with a
 * log file per instance ({@code <container>/<restartCount>.log}, the layout of {@code /var/log/pods}) and the
 * emptyDir volumes ({@code volumes/kubernetes.io~empty-dir/<name>}, as in {@code /var/lib/kubelet/pods}).
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

  /**
   * What this process runtime does not do for the pod, said plainly for the {@code IsolationUnavailable} event: the
   * kubelet must never pretend to isolate or mount.
   */
  public String isolationMessage(Pod pod) {
    List<String> volumes = new ArrayList<>();
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getEmptyDir() != null) {
        volumes.add("emptyDir \"" + v.getName() + "\" is the host directory " + emptyDir(v.getName()));
      } else {
        volumes.add("volume \"" + v.getName() + "\" is not provided");
      }
    }
    StringBuilder sb = new StringBuilder("containers run as plain host processes: no mount, UTS, PID, IPC or network "
        + "namespace and no cgroup resource limits; the hostname is the node's");
    if (!volumes.isEmpty()) {
      sb.append("; volumes are not mounted at their mountPath (").append(String.join(", ", volumes)).append(')');
    }
    return sb.toString();
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

package dev.klite.kubelet.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this host lets the kubelet isolate, detected once at start: pod namespaces (root, util-linux {@code unshare},
 * {@code nsenter}, {@code pivot_root} and a trial {@code unshare}) and cgroups. Each missing part carries a reason
 * that ends up, word for word, in the pod's {@code IsolationUnavailable} event.
 *
 * @param namespacesUnavailable why pods cannot get their own namespaces, or null when they can
 * @param cgroups the cgroup hierarchy, or null
 * @param cgroupsUnavailable why cgroups cannot be used, or null when they can
 */
public record HostCapabilities(String namespacesUnavailable, Cgroups cgroups, String cgroupsUnavailable) {

  /** Nothing is isolated (tests of the plain-process path, non-Linux hosts). */
  public static HostCapabilities none(String why) {
    return new HostCapabilities(why, null, why);
  }

  public boolean namespaces() {
    return namespacesUnavailable == null;
  }

  public Optional<Cgroups> cgroupsIfAvailable() {
    return Optional.ofNullable(cgroups);
  }

  /** Probes the host. Blocking: reads /proc and runs {@code unshare} once. */
  public static HostCapabilities detect() {
    String ns = namespacesProblem();
    StringBuilder whyNot = new StringBuilder();
    Optional<Cgroups> cg = isRoot() ? Cgroups.detect(whyNot) : Optional.empty();
    if (!isRoot()) {
      whyNot.append("the kubelet does not run as root");
    }
    return new HostCapabilities(ns, cg.orElse(null), cg.isPresent() ? null : whyNot.toString());
  }

  private static String namespacesProblem() {
    if (!isRoot()) {
      return "the kubelet does not run as root";
    }
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("unshare", "nsenter", "pivot_root", "mount", "setsid")) {
      if (findExecutable(tool).isEmpty()) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      return "util-linux tools not found on PATH: " + String.join(", ", missing);
    }
    try {
      Process p = new ProcessBuilder("unshare", "--mount", "--uts", "--pid", "--fork", "--propagation", "private",
          "true").redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unshare --mount --uts --pid did not finish";
      }
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.exitValue() == 0 ? null : "unshare --mount --uts --pid failed: " + out;
    } catch (IOException e) {
      return "unshare --mount --uts --pid failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while probing namespaces";
    }
  }

  /** Effective uid 0, from {@code /proc/self/status}. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          String[] f = line.substring(4).trim().split("\\s+");
          return f.length > 1 && f[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  static Optional<Path> findExecutable(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : (path + ":/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }
}

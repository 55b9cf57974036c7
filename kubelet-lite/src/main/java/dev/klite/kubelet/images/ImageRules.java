package dev.klite.kubelet.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The image map: picks the {@link ImageRule} with the longest matching prefix and rewrites a container's argv
 * accordingly. Without a matching rule the command runs on the host unchanged. Thread-safe.
 */
public final class ImageRules {
  private static final Set<String> SHELLS = Set.of("sh", "/bin/sh", "/bin/ash", "ash", "/usr/bin/sh");
  private static final List<String> PATH_DIRS = List.of("/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/");

  private final List<ImageRule> rules;
  private final ConcurrentHashMap<Path, Set<String>> applets = new ConcurrentHashMap<>();

  public ImageRules(List<ImageRule> rules) {
    List<ImageRule> sorted = new ArrayList<>(rules);
    sorted.sort(Comparator.comparingInt((ImageRule r) -> r.prefix().length()).reversed());
    this.rules = List.copyOf(sorted);
  }

  /** busybox images run through the host's busybox when {@code /bin/busybox} or {@code busybox} on PATH exists. */
  public static ImageRules defaults() {
    return new ImageRules(findBusybox().map(p -> List.of(ImageRule.busybox("busybox", p))).orElse(List.of()));
  }

  public List<ImageRule> rules() {
    return rules;
  }

  /** The argv to run for {@code image}: unchanged, or through busybox ({@code sh} and its applets). */
  public List<String> command(String image, List<String> argv) {
    Optional<ImageRule> rule = match(image);
    if (rule.isEmpty() || rule.get().busybox() == null || argv.isEmpty()) {
      return argv;
    }
    Path busybox = rule.get().busybox();
    String cmd = argv.get(0);
    String applet;
    if (SHELLS.contains(cmd)) {
      applet = "sh";
    } else {
      String base = cmd.substring(cmd.lastIndexOf('/') + 1);
      boolean onPath = !cmd.contains("/") || PATH_DIRS.stream().anyMatch(d -> cmd.equals(d + base));
      if (!onPath || !applets(busybox).contains(base)) {
        return argv;
      }
      applet = base;
    }
    List<String> out = new ArrayList<>();
    out.add(busybox.toString());
    out.add(applet);
    out.addAll(argv.subList(1, argv.size()));
    return out;
  }

  Optional<ImageRule> match(String image) {
    String name = normalize(image == null ? "" : image);
    return rules.stream().filter(r -> name.startsWith(r.prefix())).findFirst();
  }

  static String normalize(String image) {
    for (String p : List.of("docker.io/library/", "index.docker.io/library/", "library/", "docker.io/")) {
      if (image.startsWith(p)) {
        return image.substring(p.length());
      }
    }
    return image;
  }

  /** The applets this busybox provides ({@code busybox --list}), read once per binary. */
  private Set<String> applets(Path busybox) {
    return applets.computeIfAbsent(busybox, b -> {
      try {
        Process p = new ProcessBuilder(b.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? Set.of(out.split("\\s+")) : Set.of();
      } catch (IOException e) {
        return Set.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Set.of();
      }
    });
  }

  static Optional<Path> findBusybox() {
    if (Files.isExecutable(Path.of("/bin/busybox"))) {
      return Optional.of(Path.of("/bin/busybox"));
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "busybox"))) {
        return Optional.of(Path.of(dir, "busybox"));
      }
    }
    return Optional.empty();
  }
}

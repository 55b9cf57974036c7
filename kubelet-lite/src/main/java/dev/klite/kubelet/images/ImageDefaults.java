package dev.klite.kubelet.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entrypoint and default command of well-known images, so that a container without
 * {@code command} runs as it would from the image: Docker's rule, which the kubelet follows
 * (pkg/kubelet/kuberuntime/kuberuntime_container.go via the runtime): {@code command} replaces the
 * image's ENTRYPOINT, {@code args} replace its CMD; with neither, ENTRYPOINT + CMD.
 *
 * <p>Only images without an ENTRYPOINT are listed: their CMD is a shell, so {@code args} alone
 * are the command line ({@code kubectl run x --image=busybox -- sleep 300}).
 */
public final class ImageDefaults {
  /** image prefix (after {@link ImageRules#normalize}) -> default CMD; none of these has an ENTRYPOINT. */
  private static final Map<String, List<String>> SHELL_IMAGES = Map.of(
      "busybox", List.of("sh"),
      "alpine", List.of("/bin/sh"),
      "debian", List.of("bash"),
      "ubuntu", List.of("/bin/bash"));

  private ImageDefaults() {}

  /**
   * The argv a container runs: {@code command + args} when command is set; for a known image without
   * ENTRYPOINT, {@code args} or else the image's CMD; empty when the image is unknown and no
   * command is given (klite cannot know its entrypoint without pulling it).
   */
  public static Optional<List<String>> argv(String image, List<String> command, List<String> args) {
    if (!command.isEmpty()) {
      List<String> argv = new ArrayList<>(command);
      argv.addAll(args);
      return Optional.of(argv);
    }
    String name = ImageRules.normalize(image == null ? "" : image);
    for (Map.Entry<String, List<String>> e : SHELL_IMAGES.entrySet()) {
      if (name.equals(e.getKey()) || name.startsWith(e.getKey() + ":") || name.startsWith(e.getKey() + "@")) {
        return Optional.of(args.isEmpty() ? e.getValue() : List.copyOf(args));
      }
    }
    return Optional.empty();
  }
}

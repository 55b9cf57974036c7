package dev.klite.kubelet.images;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How containers of images whose name starts with {@code prefix} are run (klite pulls no images: a container's
 * command runs on the host).
 *
 * @param prefix image name prefix after normalisation ({@code docker.io/library/} dropped), e.g. {@code busybox}
 * @param busybox null to run the command as given on the host; else the busybox binary that runs shell commands
 *     and applets, so that {@code $RANDOM} and applet options behave as in the image
 */
public record ImageRule(String prefix, Path busybox) {
  public ImageRule {
    Objects.requireNonNull(prefix, "prefix");
  }

  public static ImageRule host(String prefix) {
    return new ImageRule(prefix, null);
  }

  public static ImageRule busybox(String prefix, Path busybox) {
    return new ImageRule(prefix, Objects.requireNonNull(busybox, "busybox"));
  }
}

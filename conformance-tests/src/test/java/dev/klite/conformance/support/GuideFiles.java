package dev.klite.conformance.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user guide's manifests, byte for byte as printed (src/test/resources/guide). */
public final class GuideFiles {
  private GuideFiles() {}

  /** Copies {@code guide/<name>} into {@code dir} under the same name, as a user would save it. */
  public static Path copy(String name, Path dir) {
    try (InputStream in = GuideFiles.class.getResourceAsStream("/guide/" + name)) {
      if (in == null) throw new IllegalArgumentException("no guide file " + name);
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

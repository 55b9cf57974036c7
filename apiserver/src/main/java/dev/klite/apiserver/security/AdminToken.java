package dev.klite.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The admin bearer token in {@code <dataDir>/pki/admin.token} (0600), created on first start. */
public final class AdminToken {
  private AdminToken() {}

  /** Reads the token, or writes a new random one (256 bits, hex). Blocking. */
  public static String loadOrCreate(Path pkiDir) {
    Path file = pkiDir.resolve("admin.token");
    try {
      Files.createDirectories(pkiDir);
      if (Files.exists(file)) {
        String token = Files.readString(file).trim();
        if (!token.isEmpty()) return token;
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = HexFormat.of().formatHex(bytes);
      SecureFiles.write(file, token + "\n");
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + file, e);
    }
  }
}

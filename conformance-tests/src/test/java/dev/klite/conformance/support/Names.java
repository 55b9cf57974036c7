package dev.klite.conformance.support;

import java.security.SecureRandom;

/** Unique names for objects a test creates outside its own namespace (extra namespaces). */
public final class Names {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private Names() {}

  /** {@code prefix-xxxxx}, like a generateName. */
  public static String unique(String prefix) {
    StringBuilder sb = new StringBuilder(prefix).append('-');
    for (int i = 0; i < 5; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }
}

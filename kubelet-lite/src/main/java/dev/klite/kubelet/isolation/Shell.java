package dev.klite.kubelet.isolation;

/** POSIX shell quoting for the scripts the kubelet generates. Pure. */
final class Shell {
  private Shell() {}

  /** {@code s} as one single-quoted shell word. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}

package dev.klite.kubelet.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gives a command a pseudo-terminal by running it under util-linux {@code script}: the command's stdin, stdout and
 * stderr are the terminal, so stdout and stderr become one stream, the terminal echoes input and turns "\n" into
 * "\r\n", as a container runtime's console does for {@code tty: true} (runc's console socket, containerd's console
 * copy). {@code script} itself reads its stdin into the terminal and copies the terminal's output to its stdout. Used
 * for containers with {@code tty: true} and for {@code kubectl exec -t}.
 */
public final class Terminal {
  private static final Optional<Path> SCRIPT = LocalProcessRuntime.findExecutable("script");

  private Terminal() {}

  /** Whether util-linux {@code script} is installed: without it no command gets a terminal. */
  public static boolean available() {
    return SCRIPT.isPresent();
  }

  /**
   * {@code command} run under {@code script} (quiet, exiting with the command's status, no typescript file). The
   * command is exec'd by the shell {@code script} starts, so the command itself is the terminal's session leader's
   * only process.
   */
  public static List<String> wrap(List<String> command) {
    // Absolute where known: a container's PATH is its own and need not contain util-linux's directory.
    String script = SCRIPT.map(Path::toString).orElse("script");
    return List.of(script, "-q", "-e", "-c", "exec " + shellWords(command), "/dev/null");
  }

  /** The words as one POSIX shell command line. */
  static String shellWords(List<String> words) {
    return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
  }
}

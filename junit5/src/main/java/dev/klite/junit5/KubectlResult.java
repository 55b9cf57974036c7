package dev.klite.junit5;

/** The outcome of one {@code kubectl} run. */
public record KubectlResult(int exitCode, String stdout, String stderr) {
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** Throws with the full output unless kubectl exited 0; returns stdout. */
  public String orThrow() {
    if (exitCode != 0) {
      throw new AssertionError("kubectl exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
    }
    return stdout;
  }
}

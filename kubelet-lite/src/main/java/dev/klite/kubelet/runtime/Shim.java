package dev.klite.kubelet.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts containers under klite-shim ({@code klite-shim.pl}, run by the host's perl) and finds them again after a
 * kubelet restart. A shell and awk shim cannot stamp log lines with sub-second times without a process per line (mawk
 * and busybox awk have no clock finer than seconds), so the shim is a perl script; with only Time::HiRes loaded it
 * starts in a few milliseconds. A container with {@code stdin: true} reads a FIFO in its shim files instead of the
 * kubelet's pipe ({@link ShimStdin}), so it is adoptable like any other. Where perl or its Time::HiRes is missing,
 * containers run without a shim (and cannot be adopted after a restart). Blocking: process creation.
 */
final class Shim {
  private static final String SCRIPT = load();
  /**
   * The container's PERL* variables (PERL5OPT, PERL5LIB) would change the shim itself: they pass it under this prefix
   * and the shim restores them for the container.
   */
  private static final String HIDDEN = "KLITE_SHIM_HIDDEN_";

  private final Path perl;
  private final Path setsid;

  private Shim(Path perl, Path setsid) {
    this.perl = perl;
    this.setsid = setsid;
  }

  /** The shim, when perl and setsid are installed. */
  static Optional<Shim> find() {
    Optional<Path> perl = LocalProcessRuntime.findExecutable("perl");
    Optional<Path> setsid = LocalProcessRuntime.findExecutable("setsid");
    if (perl.isEmpty() || setsid.isEmpty() || !loadsTimeHiRes(perl.get())) {
      return Optional.empty();
    }
    return Optional.of(new Shim(perl.get(), setsid.get()));
  }

  /**
   * Debian's perl-base lacks Time::HiRes (it comes with the full perl package): without it the shim could not start,
   * so containers then run without one (and cannot be adopted after a restart) rather than fail.
   */
  private static boolean loadsTimeHiRes(Path perl) {
    try {
      Process p = new ProcessBuilder(perl.toString(), "-MTime::HiRes", "-e", "1").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts the shim, which starts the container as {@code setsid <launcher> <argv>}, and waits for its report (the
   * container runs, or why it could not be started).
   */
  ShimProcess start(ContainerSpec spec, LocalProcessRuntime runtime) throws ContainerStartException {
    // Absolute: the kubelet finds its shims again (and kills those of deleted pods) by this path in their argv.
    Path logFile = spec.logFile().toAbsolutePath().normalize();
    Path base = ShimFiles.base(logFile);
    List<String> argv = new ArrayList<>(List.of(setsid.toString(), perl.toString(), "-e", SCRIPT, "klite-shim",
        base.toString(), logFile.toString(), Long.toString(spec.logLimits().maxBytes()),
        Integer.toString(spec.logLimits().maxFiles()), spec.nestedSession() ? "1" : "0", spec.stdin() ? "1" : "0",
        spec.tty() && Terminal.available() ? "1" : "0", spec.id(), "--",
        setsid.toString()));
    argv.addAll(spec.launcher());
    argv.addAll(spec.argv());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    spec.env().forEach((k, v) -> pb.environment().put(k.startsWith("PERL") ? HIDDEN + k : k, v));
    pb.directory(spec.workingDir().toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    Process shim;
    String report;
    try {
      if (!Files.isDirectory(spec.workingDir())) {
        throw new IOException("working directory " + spec.workingDir() + " does not exist");
      }
      Files.createDirectories(logFile.getParent());
      // A record of an earlier kubelet's attempt at the same instance must not be taken for this one's exit.
      Files.deleteIfExists(ShimFiles.exit(base));
      shim = pb.start();
      report = firstLine(shim.getInputStream());
    } catch (IOException e) {
      throw new ContainerStartException("failed to start container process: exec: \"" + spec.argv().get(0) + "\": "
          + e.getMessage(), e);
    }
    if (!report.startsWith("ok ")) {
      shim.destroyForcibly();
      String why = report.startsWith("error ") ? report.substring(6) : "shim failed: " + report;
      throw new ContainerStartException("failed to start container process: exec: \"" + spec.argv().get(0) + "\": "
          + why, null);
    }
    String[] pids = report.split(" ");
    // The shim's start time, not ours: a kubelet that adopts the instance reads the same one from the state file.
    ShimFiles.State state = new ShimFiles.State(spec.id(), Long.parseLong(pids[1]), Long.parseLong(pids[2]),
        shim.pid(), ShimFiles.micros(pids[3]));
    ShimProcess handle = new ShimProcess(state, base, state.startedAt(), runtime);
    if (spec.stdin()) {
      handle.openStdin();
    }
    handle.watch(shim);
    return handle;
  }

  /** The instance an earlier kubelet started with {@code logFile}, if its shim recorded that it ran. */
  Optional<ShimProcess> adopt(Path logFile, LocalProcessRuntime runtime) {
    Path base = ShimFiles.base(logFile.toAbsolutePath().normalize());
    return ShimFiles.readState(base).map(state -> {
      ShimProcess handle = new ShimProcess(state, base, state.startedAt(), runtime);
      // Before poll(): an instance that has already ended completes there and closes its stdin again.
      handle.openStdin();
      handle.poll();
      return handle;
    });
  }

  private static String firstLine(InputStream in) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = r.readLine();
      return line == null ? "(no report)" : line;
    }
  }

  private static String load() {
    try (InputStream in = Shim.class.getResourceAsStream("klite-shim.pl")) {
      if (in == null) {
        throw new IllegalStateException("klite-shim.pl missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.klite.kubelet.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runtime needs to start one container instance: the full argv (command already expanded), the complete
 * environment (nothing is inherited from the kubelet), the working directory and the CRI-format log file that
 * receives stdout and stderr.
 *
 * @param id the container id (without the {@code klite://} scheme), unique per instance
 * @param argv command and arguments, non-empty
 * @param env the environment of the process, exactly
 * @param workingDir the directory the process starts in
 * @param logFile the file stdout/stderr lines are appended to in CRI format
 * @param launcher argv prefix that sets the container up and then execs {@code argv} (enter the pod's namespaces,
 *     join cgroups, mount volumes); empty to run {@code argv} directly
 * @param nestedSession the launcher leaves a process outside the container (nsenter) whose first child leads the
 *     container's own session: signals go to that child's process group, never to the launcher
 * @param checkExecutable whether argv[0] is resolved on the host before starting (false when it may exist only inside
 *     the pod, e.g. in a volume)
 * @param logLimits size cap and rotation of the log file
 * @param stdin whether the container keeps an open stdin ({@code stdin: true}) for attach; else it reads /dev/null
 * @param tty whether the container's process gets a pseudo-terminal ({@code tty: true}, see {@link Terminal}); the
 *     runtime ignores it where util-linux {@code script} is missing
 */
public record ContainerSpec(String id, List<String> argv, Map<String, String> env, Path workingDir, Path logFile,
    List<String> launcher, boolean nestedSession, boolean checkExecutable, LogLimits logLimits, boolean stdin,
    boolean tty) {

  /** A plain host process with an unbounded log. */
  public ContainerSpec(String id, List<String> argv, Map<String, String> env, Path workingDir, Path logFile) {
    this(id, argv, env, workingDir, logFile, List.of(), false, true, LogLimits.UNLIMITED);
  }

  /** A container whose stdin is closed. */
  public ContainerSpec(String id, List<String> argv, Map<String, String> env, Path workingDir, Path logFile,
      List<String> launcher, boolean nestedSession, boolean checkExecutable, LogLimits logLimits) {
    this(id, argv, env, workingDir, logFile, launcher, nestedSession, checkExecutable, logLimits, false);
  }

  /** A container without a terminal. */
  public ContainerSpec(String id, List<String> argv, Map<String, String> env, Path workingDir, Path logFile,
      List<String> launcher, boolean nestedSession, boolean checkExecutable, LogLimits logLimits, boolean stdin) {
    this(id, argv, env, workingDir, logFile, launcher, nestedSession, checkExecutable, logLimits, stdin, false);
  }

  /** The same container running {@code newArgv} instead. */
  ContainerSpec withArgv(List<String> newArgv) {
    return new ContainerSpec(id, newArgv, env, workingDir, logFile, launcher, nestedSession, checkExecutable,
        logLimits, stdin, tty);
  }

  public ContainerSpec {
    launcher = List.copyOf(launcher);
    Objects.requireNonNull(logLimits, "logLimits");
    Objects.requireNonNull(id, "id");
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    env = Map.copyOf(env);
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(logFile, "logFile");
  }
}

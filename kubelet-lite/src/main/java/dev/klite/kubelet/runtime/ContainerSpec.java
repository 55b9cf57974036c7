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
 */
public record ContainerSpec(String id, List<String> argv, Map<String, String> env, Path workingDir, Path logFile) {
  public ContainerSpec {
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

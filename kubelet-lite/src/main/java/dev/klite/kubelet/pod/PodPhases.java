package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;

/**
 * The pod phase as the kubelet computes it ({@code pkg/kubelet/kubelet_pods.go} getPhase, v1.32). Pure.
 * Restartable init containers (sidecars) are not supported by klite and are treated as regular init containers.
 */
public final class PodPhases {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private PodPhases() {}

  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /**
   * @param podIsTerminal the kubelet has stopped the pod for good (deleted, deadline exceeded): containers will not
   *     be restarted whatever the restart policy says
   */
  public static String phase(PodSpec spec, List<ContainerStatus> initStatuses, List<ContainerStatus> statuses,
      boolean podIsTerminal) {
    int pendingInitialization = 0;
    int failedInitialization = 0;
    for (Container c : spec.getInitContainers()) {
      Optional<ContainerStatus> s = find(initStatuses, c.getName());
      if (s.isEmpty() || s.get().getState() == null) {
        pendingInitialization++;
        continue;
      }
      var state = s.get().getState();
      if (state.getRunning() != null) {
        pendingInitialization++;
      } else if (state.getTerminated() != null) {
        if (state.getTerminated().getExitCode() != 0) {
          failedInitialization++;
        }
      } else if (state.getWaiting() != null) {
        var last = s.get().getLastState();
        if (last != null && last.getTerminated() != null) {
          if (last.getTerminated().getExitCode() != 0) {
            failedInitialization++;
          }
        } else {
          pendingInitialization++;
        }
      } else {
        pendingInitialization++;
      }
    }

    int unknown = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    for (Container c : spec.getContainers()) {
      Optional<ContainerStatus> s = find(statuses, c.getName());
      if (s.isEmpty() || s.get().getState() == null) {
        unknown++;
        continue;
      }
      var state = s.get().getState();
      if (state.getRunning() != null) {
        running++;
      } else if (state.getTerminated() != null) {
        stopped++;
        if (state.getTerminated().getExitCode() == 0) {
          succeeded++;
        }
      } else if (state.getWaiting() != null) {
        var last = s.get().getLastState();
        if (last != null && last.getTerminated() != null) {
          stopped++;
        } else {
          waiting++;
        }
      } else {
        unknown++;
      }
    }

    String restartPolicy = Optional.ofNullable(spec.getRestartPolicy()).orElse("Always");
    if (failedInitialization > 0 && "Never".equals(restartPolicy)) {
      return FAILED;
    }
    if ((pendingInitialization > 0 && !anyRegularContainerStarted(statuses)) || waiting > 0) {
      return PENDING;
    }
    if (running > 0 && unknown == 0) {
      return RUNNING;
    }
    if (running == 0 && stopped > 0 && unknown == 0) {
      if (podIsTerminal) {
        return stopped == succeeded ? SUCCEEDED : FAILED;
      }
      if ("Always".equals(restartPolicy)) {
        return RUNNING;
      }
      if (stopped == succeeded) {
        return SUCCEEDED;
      }
      if ("Never".equals(restartPolicy)) {
        return FAILED;
      }
      return RUNNING;
    }
    return PENDING;
  }

  /** kubecontainer.HasAnyRegularContainerStarted: a regular container is running or has terminated. */
  static boolean anyRegularContainerStarted(List<ContainerStatus> statuses) {
    for (ContainerStatus s : statuses) {
      if (s.getState() != null && (s.getState().getRunning() != null || s.getState().getTerminated() != null)) {
        return true;
      }
    }
    return false;
  }

  static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
    return statuses.stream().filter(s -> name.equals(s.getName())).findFirst();
  }
}

package dev.klite.kubelet.mirror;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A control-plane component that runs in this process (not as a pod) but is shown as a static pod, as kubeadm's
 * static pods are: the kubelet keeps a mirror pod {@code <name>-<nodeName>} in {@code kube-system} and serves
 * {@code logFile} (plain text, one line per entry) as the log of its container {@code name}.
 *
 * @param name the component, e.g. {@code kube-apiserver}; the pod's {@code component} label and container name
 * @param logFile where the component writes its log; may not exist yet
 */
public record StaticComponent(String name, Path logFile) {
  public StaticComponent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(logFile, "logFile");
  }
}

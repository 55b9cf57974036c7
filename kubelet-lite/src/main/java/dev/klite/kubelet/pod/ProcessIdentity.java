package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user and groups a container's processes run as, from {@code runAsUser}/{@code runAsGroup} (the container's
 * securityContext over the pod's), {@code fsGroup} and {@code supplementalGroups}
 * ({@code pkg/kubelet/kuberuntime/security_context.go} and containerd's WithUser/WithAdditionalGIDs). The image's
 * {@code /etc/passwd} cannot be read (there is no image), so the primary group of a user without runAsGroup is 0, as
 * for a uid the image does not list; the primary group is also the first supplementary group, as containerd adds it.
 * Pure.
 *
 * @param uid the user, or null to keep the kubelet's
 * @param gid the primary group, or null to keep the kubelet's
 * @param groups the supplementary groups (primary group first), empty when nothing was asked for
 */
record ProcessIdentity(Long uid, Long gid, List<Long> groups) {
  static final ProcessIdentity INHERIT = new ProcessIdentity(null, null, List.of());

  static ProcessIdentity of(Pod pod, Container c) {
    PodSecurityContext psc = pod.getSpec().getSecurityContext();
    SecurityContext sc = c.getSecurityContext();
    Long uid = Optional.ofNullable(sc).map(SecurityContext::getRunAsUser)
        .orElse(psc == null ? null : psc.getRunAsUser());
    Long gid = Optional.ofNullable(sc).map(SecurityContext::getRunAsGroup)
        .orElse(psc == null ? null : psc.getRunAsGroup());
    Set<Long> extra = new LinkedHashSet<>();
    if (psc != null && psc.getFsGroup() != null) {
      extra.add(psc.getFsGroup());
    }
    if (psc != null && psc.getSupplementalGroups() != null) {
      extra.addAll(psc.getSupplementalGroups());
    }
    if (uid == null && gid == null && extra.isEmpty()) {
      return INHERIT;
    }
    long primary = gid != null ? gid : 0L;
    Set<Long> groups = new LinkedHashSet<>();
    groups.add(primary);
    groups.addAll(extra);
    return new ProcessIdentity(uid != null ? uid : 0L, primary, List.copyOf(groups));
  }

  boolean inherits() {
    return uid == null && gid == null && groups.isEmpty();
  }

  /** The argv prefix that runs a command as this identity ({@code setpriv} of util-linux), empty to inherit. */
  List<String> argv() {
    if (inherits()) {
      return List.of();
    }
    List<String> argv = new ArrayList<>();
    argv.add("setpriv");
    argv.add("--reuid=" + uid);
    argv.add("--regid=" + gid);
    argv.add("--groups=" + groups.stream().map(String::valueOf).collect(Collectors.joining(",")));
    argv.add("--");
    return List.copyOf(argv);
  }
}

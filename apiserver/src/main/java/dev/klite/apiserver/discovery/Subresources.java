package dev.klite.apiserver.discovery;

import java.util.List;
import java.util.Map;

/**
 * What discovery says about each subresource: the kind it answers with (group/version/kind) and
 * its verbs, as upstream's installer derives them from the REST storage
 * (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go).
 */
final class Subresources {
  private Subresources() {}

  /** kind = null means "the parent's kind"; group/version = null means "the parent's". */
  record Info(String group, String version, String kind, List<String> verbs) {}

  private static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");
  private static final List<String> CREATE_GET = List.of("create", "get");

  private static final Map<String, Info> KNOWN = Map.ofEntries(
      Map.entry("status", new Info(null, null, null, GET_PATCH_UPDATE)),
      Map.entry("log", new Info(null, null, "Pod", List.of("get"))),
      Map.entry("binding", new Info(null, null, "Binding", List.of("create"))),
      Map.entry("exec", new Info(null, null, "PodExecOptions", CREATE_GET)),
      Map.entry("attach", new Info(null, null, "PodAttachOptions", CREATE_GET)),
      Map.entry("portforward", new Info(null, null, "PodPortForwardOptions", CREATE_GET)),
      Map.entry("ephemeralcontainers", new Info(null, null, null, GET_PATCH_UPDATE)),
      Map.entry("finalize", new Info(null, null, null, List.of("update"))),
      Map.entry("eviction", new Info("policy", "v1", "Eviction", List.of("create"))),
      Map.entry("token", new Info("authentication.k8s.io", "v1", "TokenRequest", List.of("create"))),
      Map.entry("scale", new Info("autoscaling", "v1", "Scale", GET_PATCH_UPDATE)),
      Map.entry("proxy", new Info(null, null, null, List.of("create", "delete", "get", "patch", "update"))));

  static Info of(String subresource, String parentGroup, String parentVersion, String parentKind) {
    Info info = KNOWN.getOrDefault(subresource, new Info(null, null, null, List.of("get")));
    String kind = info.kind() != null ? info.kind()
        : subresource.equals("proxy") ? parentKind + "ProxyOptions" : parentKind;
    return new Info(info.group() == null ? parentGroup : info.group(),
        info.version() == null ? parentVersion : info.version(), kind, info.verbs());
  }
}

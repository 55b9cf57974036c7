package dev.klite.apiserver.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a resource URL names, parsed as upstream's RequestInfoFactory
 * (staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go):
 * {@code /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]} and the same under
 * {@code /apis/{group}/{version}}. {@code /namespaces/{name}[/status|/finalize]} names the
 * namespace itself.
 *
 * @param namespace "" when none
 * @param name "" for a collection
 * @param subresource "" when none
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name,
    String subresource) {
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public boolean isCollection() {
    return name.isEmpty();
  }

  /** Parses a path; empty when it is not a resource path (discovery, unknown). */
  public static Optional<RequestInfo> parse(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      if (!p.isEmpty()) parts.add(p);
    }
    String group;
    String version;
    int i;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      i = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      i = 3;
    } else {
      return Optional.empty();
    }
    List<String> rest = parts.subList(i, parts.size());
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) rest = rest.subList(2, rest.size());
    }
    if (rest.size() > 3) return Optional.empty();
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String sub = rest.size() > 2 ? rest.get(2) : "";
    if (resource.equals("namespaces")) namespace = name.isEmpty() ? namespace : "";
    return Optional.of(new RequestInfo(group, version, namespace, resource, name, sub));
  }
}

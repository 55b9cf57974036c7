package dev.klite.apiserver.discovery;

import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The discovery documents, built once from the resource definitions: legacy APIVersions /
 * APIGroupList / APIGroup / APIResourceList (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go)
 * and the aggregated APIGroupDiscoveryList (staging/src/k8s.io/api/apidiscovery/v2/types.go).
 */
public final class DiscoveryDocuments {
  private final Map<String, List<ResourceDefinition>> byGroupVersion = new LinkedHashMap<>();

  public DiscoveryDocuments(List<ResourceDefinition> defs) {
    for (ResourceDefinition d : defs) {
      byGroupVersion.computeIfAbsent(d.apiVersion(), k -> new ArrayList<>()).add(d);
    }
  }

  /** "v1", "batch/v1", ... in registration order. */
  public List<String> groupVersions() {
    return List.copyOf(byGroupVersion.keySet());
  }

  /** Named groups in registration order, each with its versions (first = preferred). */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (List<ResourceDefinition> defs : byGroupVersion.values()) {
      ResourceDefinition d = defs.get(0);
      if (!d.group().isEmpty()) groups.computeIfAbsent(d.group(), k -> new ArrayList<>()).add(d.version());
    }
    return groups;
  }

  /** {@code APIGroupList} for {@code /apis}. */
  public ObjectNode apiGroupList() {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode arr = list.putArray("groups");
    groups().forEach((group, versions) -> arr.add(apiGroupBody(group, versions)));
    return list;
  }

  /** {@code APIGroup} for {@code /apis/<group>}, or null when the group is not served. */
  public ObjectNode apiGroup(String group) {
    List<String> versions = groups().get(group);
    if (versions == null) return null;
    ObjectNode g = Json.object();
    g.put("kind", "APIGroup");
    g.put("apiVersion", "v1");
    g.setAll(apiGroupBody(group, versions));
    return g;
  }

  private static ObjectNode apiGroupBody(String group, List<String> versions) {
    ObjectNode g = Json.object();
    g.put("name", group);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) vs.addObject().put("groupVersion", group + "/" + v).put("version", v);
    g.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
    return g;
  }

  /** {@code APIResourceList} for {@code /api/v1} or {@code /apis/<group>/<version>}; null when not served. */
  public ObjectNode apiResourceList(String groupVersion) {
    List<ResourceDefinition> defs = byGroupVersion.get(groupVersion);
    if (defs == null) return null;
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    ArrayNode resources = list.putArray("resources");
    for (ResourceDefinition d : defs) {
      ObjectNode r = resources.addObject();
      r.put("name", d.plural());
      r.put("singularName", d.singular());
      r.put("namespaced", d.namespaced());
      r.put("kind", d.kind());
      strings(r.putArray("verbs"), d.verbs());
      if (!d.shortNames().isEmpty()) strings(r.putArray("shortNames"), d.shortNames());
      if (!d.categories().isEmpty()) strings(r.putArray("categories"), d.categories());
      r.put("storageVersionHash", storageVersionHash(d));
      for (String sub : new TreeSet<>(d.subresources())) {
        Subresources.Info info = Subresources.of(sub, d.group(), d.version(), d.kind());
        ObjectNode s = resources.addObject();
        s.put("name", d.plural() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", d.namespaced());
        if (!info.group().equals(d.group()) || !info.version().equals(d.version())) {
          s.put("group", info.group());
          s.put("version", info.version());
        }
        s.put("kind", info.kind());
        strings(s.putArray("verbs"), info.verbs());
      }
    }
    return list;
  }

  /**
   * {@code APIGroupDiscoveryList} of the core group ({@code core = true}, for {@code /api}) or of
   * the named groups (for {@code /apis}).
   *
   * @param apiVersion {@code apidiscovery.k8s.io/v2} or {@code apidiscovery.k8s.io/v2beta1}
   */
  public ObjectNode aggregated(boolean core, String apiVersion) {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupDiscoveryList");
    list.put("apiVersion", apiVersion);
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    if (core) {
      if (byGroupVersion.containsKey("v1")) {
        ObjectNode item = items.addObject();
        item.putObject("metadata");
        item.putArray("versions").add(aggregatedVersion("v1"));
      }
      return list;
    }
    groups().forEach((group, versions) -> {
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group);
      ArrayNode vs = item.putArray("versions");
      for (String v : versions) vs.add(aggregatedVersion(group + "/" + v));
    });
    return list;
  }

  private ObjectNode aggregatedVersion(String groupVersion) {
    List<ResourceDefinition> defs = byGroupVersion.get(groupVersion);
    ObjectNode v = Json.object();
    v.put("version", defs.get(0).version());
    ArrayNode resources = v.putArray("resources");
    for (ResourceDefinition d : defs) {
      ObjectNode r = resources.addObject();
      r.put("resource", d.plural());
      kind(r.putObject("responseKind"), d.group(), d.version(), d.kind());
      r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
      r.put("singularResource", d.singular());
      strings(r.putArray("verbs"), d.verbs());
      if (!d.shortNames().isEmpty()) strings(r.putArray("shortNames"), d.shortNames());
      if (!d.categories().isEmpty()) strings(r.putArray("categories"), d.categories());
      if (!d.subresources().isEmpty()) {
        ArrayNode subs = r.putArray("subresources");
        for (String sub : new TreeSet<>(d.subresources())) {
          Subresources.Info info = Subresources.of(sub, d.group(), d.version(), d.kind());
          ObjectNode s = subs.addObject();
          s.put("subresource", sub);
          kind(s.putObject("responseKind"), info.group(), info.version(), info.kind());
          strings(s.putArray("verbs"), info.verbs());
        }
      }
    }
    v.put("freshness", "Current");
    return v;
  }

  private static void kind(ObjectNode target, String group, String version, String kind) {
    target.put("group", group);
    target.put("version", version);
    target.put("kind", kind);
  }

  private static void strings(ArrayNode arr, List<String> values) {
    values.forEach(arr::add);
  }

  /** Upstream's storageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
  static String storageVersionHash(ResourceDefinition d) {
    try {
      byte[] sum = MessageDigest.getInstance("SHA-256")
          .digest((d.group() + "/" + d.version() + "/" + d.kind()).getBytes(StandardCharsets.UTF_8));
      byte[] first = new byte[8];
      System.arraycopy(sum, 0, first, 0, 8);
      return Base64.getEncoder().encodeToString(first);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

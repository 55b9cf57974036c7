package dev.klite.controller.discovery;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Discovery} over {@code GET /api/v1} and {@code GET /apis/<group>/<preferred version>}. */
public final class Fabric8Discovery implements Discovery {

  private final KubernetesClient client;

  public Fabric8Discovery(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public Snapshot discover() {
    List<ResourceType> types = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    read("", "v1", types, failed);
    APIGroupList groups = client.getApiGroups();
    if (groups != null && groups.getGroups() != null) {
      for (APIGroup group : groups.getGroups()) {
        if (group.getPreferredVersion() != null) {
          read(group.getName(), group.getPreferredVersion().getVersion(), types, failed);
        }
      }
    }
    return new Snapshot(types, failed);
  }

  private void read(String group, String version, List<ResourceType> types, List<String> failed) {
    String gv = group.isEmpty() ? version : group + "/" + version;
    try {
      APIResourceList list = client.getApiResources(gv);
      if (list == null || list.getResources() == null) {
        failed.add(gv + ": the server could not find the requested resource");
        return;
      }
      for (APIResource r : list.getResources()) {
        if (!r.getName().contains("/")) {
          types.add(new ResourceType(group, version, r.getName(), r.getKind(), Boolean.TRUE.equals(r.getNamespaced()),
              r.getVerbs()));
        }
      }
    } catch (KubernetesClientException e) {
      failed.add(gv + ": " + e.getMessage());
    }
  }
}

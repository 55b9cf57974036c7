package dev.klite.controller.namespace;

import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory API server for the namespace controller. Deleting an object with finalizers (or a
 * pod that is not terminal: the kubelet still has to stop it) only marks it deleting; anything
 * else disappears.
 */
final class FakeNamespaceControl implements NamespaceControl {

  final Map<String, Namespace> namespaces = new HashMap<>();
  final Map<ResourceType, List<GenericKubernetesResource>> objects = new LinkedHashMap<>();
  final List<String> actions = new ArrayList<>();
  final List<String> failedGroups = new ArrayList<>();
  final Map<ResourceType, String> deleteFailures = new HashMap<>();
  /** Whether finalize only stores the update; a conformant server deletes the namespace instead. */
  boolean keepFinalizedNamespaces;

  void add(ResourceType type) {
    objects.put(type, new ArrayList<>());
  }

  @Override
  public Snapshot discover() {
    return new Snapshot(List.copyOf(objects.keySet()), failedGroups);
  }

  @Override
  public Optional<Namespace> get(String name) {
    return Optional.ofNullable(namespaces.get(name)).map(n -> new NamespaceBuilder(n).build());
  }

  @Override
  public Namespace updateStatus(Namespace namespace) {
    actions.add("updateStatus " + namespace.getStatus().getPhase());
    namespaces.put(namespace.getMetadata().getName(), namespace);
    return namespace;
  }

  @Override
  public Namespace finalizeNamespace(Namespace namespace) {
    actions.add("finalize " + namespace.getSpec().getFinalizers());
    if (keepFinalizedNamespaces) {
      namespaces.put(namespace.getMetadata().getName(), namespace);
    } else {
      namespaces.remove(namespace.getMetadata().getName());
    }
    return namespace;
  }

  @Override
  public void deleteNamespace(Namespace namespace) {
    actions.add("delete namespace " + namespace.getMetadata().getName());
    namespaces.remove(namespace.getMetadata().getName());
  }

  @Override
  public List<GenericKubernetesResource> list(ResourceType type, String namespace) {
    return objects.get(type).stream().filter(o -> namespace.equals(o.getMetadata().getNamespace())).toList();
  }

  @Override
  public boolean deleteCollection(ResourceType type, String namespace) {
    fail(type);
    actions.add("deletecollection " + type.resource());
    for (GenericKubernetesResource o : list(type, namespace)) {
      remove(type, o);
    }
    return true;
  }

  @Override
  public void delete(ResourceType type, GenericKubernetesResource object) {
    fail(type);
    actions.add("delete " + type.resource() + " " + object.getMetadata().getName());
    remove(type, object);
  }

  private void fail(ResourceType type) {
    if (deleteFailures.containsKey(type)) {
      throw new KubernetesClientException(deleteFailures.get(type), 403, null);
    }
  }

  private void remove(ResourceType type, GenericKubernetesResource o) {
    boolean running = "pods".equals(type.resource()) && !"Succeeded".equals(o.get("status", "phase"))
        && !"Failed".equals(o.get("status", "phase"));
    boolean finalizers = o.getMetadata().getFinalizers() != null && !o.getMetadata().getFinalizers().isEmpty();
    if (running || finalizers) {
      o.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    } else {
      objects.get(type).remove(o);
    }
  }
}

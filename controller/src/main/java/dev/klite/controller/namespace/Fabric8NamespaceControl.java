package dev.klite.controller.namespace;

import dev.klite.controller.discovery.Discovery;
import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link NamespaceControl} through fabric8's typed namespace API and its generic resource API. */
public final class Fabric8NamespaceControl implements NamespaceControl {

  private final KubernetesClient client;
  private final Discovery discovery;

  public Fabric8NamespaceControl(KubernetesClient client, Discovery discovery) {
    this.client = Objects.requireNonNull(client);
    this.discovery = Objects.requireNonNull(discovery);
  }

  @Override
  public Snapshot discover() {
    return discovery.discover();
  }

  @Override
  public Optional<Namespace> get(String name) {
    return Optional.ofNullable(client.namespaces().withName(name).get());
  }

  @Override
  public Namespace updateStatus(Namespace namespace) {
    return client.namespaces().resource(namespace).updateStatus();
  }

  @Override
  public Namespace finalizeNamespace(Namespace namespace) {
    // fabric8 has no DSL for the finalize subresource; raw() resolves the path against the master URL.
    String body = client.raw("/api/v1/namespaces/" + namespace.getMetadata().getName() + "/finalize", "PUT", namespace);
    return body == null ? namespace : client.getKubernetesSerialization().unmarshal(body, Namespace.class);
  }

  @Override
  public void deleteNamespace(Namespace namespace) {
    try {
      client.raw("/api/v1/namespaces/" + namespace.getMetadata().getName(), "DELETE", new DeleteOptionsBuilder()
          .withApiVersion("v1").withKind("DeleteOptions").withNewPreconditions()
          .withUid(namespace.getMetadata().getUid()).endPreconditions().build());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public List<GenericKubernetesResource> list(ResourceType type, String namespace) {
    return ops(type).inNamespace(namespace).list().getItems();
  }

  @Override
  public boolean deleteCollection(ResourceType type, String namespace) {
    try {
      ops(type).inNamespace(namespace).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 405 || e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void delete(ResourceType type, GenericKubernetesResource object) {
    try {
      ops(type).inNamespace(object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      ops(ResourceType type) {
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(type.group())
        .withVersion(type.version()).withPlural(type.resource()).withKind(type.kind())
        .withNamespaced(type.namespaced()).build());
  }
}

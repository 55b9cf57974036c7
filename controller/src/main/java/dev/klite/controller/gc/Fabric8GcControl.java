package dev.klite.controller.gc;

import dev.klite.controller.discovery.Discovery;
import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link GcControl} through fabric8's generic resource API. */
public final class Fabric8GcControl implements GcControl {

  private final KubernetesClient client;
  private final Discovery discovery;

  public Fabric8GcControl(KubernetesClient client, Discovery discovery) {
    this.client = Objects.requireNonNull(client);
    this.discovery = Objects.requireNonNull(discovery);
  }

  @Override
  public Snapshot discover() {
    return discovery.discover();
  }

  @Override
  public Optional<HasMetadata> get(ResourceType type, String namespace, String name) {
    return Optional.ofNullable(resource(type, namespace, name).get());
  }

  @Override
  public List<? extends HasMetadata> list(ResourceType type) {
    return type.namespaced() ? ops(type).inAnyNamespace().list().getItems() : ops(type).list().getItems();
  }

  @Override
  public void delete(GcObject object, String propagationPolicy) {
    try {
      // The REST DSL has no uid precondition, so the DeleteOptions body is sent through raw().
      client.raw(path(object), "DELETE", new DeleteOptionsBuilder().withApiVersion("v1").withKind("DeleteOptions")
          .withPropagationPolicy(propagationPolicy).withNewPreconditions().withUid(object.uid()).endPreconditions()
          .build());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public void patch(GcObject object, String jsonPatch) {
    try {
      resource(object.type(), object.namespace(), object.name()).patch(PatchContext.of(PatchType.JSON), jsonPatch);
    } catch (KubernetesClientException e) {
      // 409/422: a guarding test op failed because the snapshot was stale; the change event that
      // made it stale queues the next pass, which recomputes the patch.
      if (e.getCode() != 404 && e.getCode() != 409 && e.getCode() != 422) {
        throw e;
      }
    }
  }

  private String path(GcObject o) {
    ResourceType t = o.type();
    StringBuilder p = new StringBuilder(t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.apiVersion());
    if (t.namespaced()) {
      p.append("/namespaces/").append(o.namespace());
    }
    return p.append('/').append(t.resource()).append('/').append(o.name()).toString();
  }

  private Resource<GenericKubernetesResource> resource(ResourceType type, String namespace, String name) {
    return type.namespaced() ? ops(type).inNamespace(namespace).withName(name) : ops(type).withName(name);
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      ops(ResourceType type) {
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(type.group())
        .withVersion(type.version()).withPlural(type.resource()).withKind(type.kind())
        .withNamespaced(type.namespaced()).build());
  }
}

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
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Objects;
import java.util.Optional;

/** {@link GcControl} through fabric8's generic resource API. */
public final class Fabric8GcControl implements GcControl {

  private static final String METADATA_LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  private static final int PAGE = 500;
  private static final Duration LIST_TIMEOUT = Duration.ofSeconds(60);

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

  /**
   * Metadata only, in pages: the collector needs no more than uids, owner references and finalizers, and a full list
   * of every ConfigMap and Secret (their data included) was the biggest cost of a sweep in a cluster holding
   * thousands of them. Upstream's collector watches the same {@code PartialObjectMetadata} form through its metadata
   * informers ({@code pkg/controller/garbagecollector/graph_builder.go}).
   */
  @Override
  public List<? extends HasMetadata> list(ResourceType type) {
    List<HasMetadata> out = new ArrayList<>();
    String base = client.getMasterUrl().toString().replaceAll("/+$", "") + collectionPath(type) + "?limit=" + PAGE;
    String continueToken = null;
    do {
      String uri = continueToken == null ? base
          : base + "&continue=" + URLEncoder.encode(continueToken, StandardCharsets.UTF_8);
      HttpClient http = client.getHttpClient();
      HttpResponse<String> response;
      try {
        response = http.sendAsync(http.newHttpRequestBuilder().uri(uri).header("Accept", METADATA_LIST).build(),
            String.class).get(LIST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KubernetesClientException("interrupted while listing " + type.gvrString(), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new KubernetesClientException("cannot list " + type.gvrString() + ": " + e.getMessage(), e);
      }
      if (!response.isSuccessful()) {
        throw new KubernetesClientException("cannot list " + type.gvrString() + ": HTTP " + response.code(),
            response.code(), null);
      }
      // Read as a tree: a server that ignores the Accept form (fabric8's mock) answers with full objects.
      Map<?, ?> page = client.getKubernetesSerialization().unmarshal(response.body(), Map.class);
      if (page.get("items") instanceof List<?> items) {
        for (Object item : items) {
          if (item instanceof Map<?, ?> m && m.get("metadata") != null) {
            PartialObjectMetadata o = new PartialObjectMetadata();
            o.setMetadata(client.getKubernetesSerialization().convertValue(m.get("metadata"), ObjectMeta.class));
            out.add(o);
          }
        }
      }
      continueToken = page.get("metadata") instanceof Map<?, ?> meta && meta.get("continue") instanceof String c
          ? c : null;
    } while (continueToken != null && !continueToken.isEmpty());
    return out;
  }

  private static String collectionPath(ResourceType t) {
    return (t.group().isEmpty() ? "/api/" + t.version() : "/apis/" + t.apiVersion()) + "/" + t.resource();
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

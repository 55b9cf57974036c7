package dev.klite.kubelet.pod;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link PodApi} over fabric8: PUT {@code pods/status} with the read resourceVersion, raw DELETE with preconditions. */
public final class Fabric8PodApi implements PodApi {
  private static final Logger log = LoggerFactory.getLogger(Fabric8PodApi.class);
  private static final int MAX_CONFLICT_RETRIES = 5;
  private final KubernetesClient client;

  public Fabric8PodApi(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Pod> writeStatus(Pod pod, PodStatus status) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    Pod toWrite = new PodBuilder(pod).withStatus(status).build();
    for (int attempt = 0; ; attempt++) {
      try {
        return Optional.of(client.pods().inNamespace(ns).resource(toWrite).updateStatus());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return Optional.empty();
        }
        if (e.getCode() != 409 || attempt >= MAX_CONFLICT_RETRIES) {
          throw e;
        }
        log.debug("conflict writing status of pod {}/{}, re-reading", ns, name);
        Pod fresh = client.pods().inNamespace(ns).withName(name).get();
        if (fresh == null || !pod.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
          return Optional.empty();
        }
        toWrite = new PodBuilder(fresh).withStatus(status).build();
      }
    }
  }

  @Override
  public void deleteFinally(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    DeleteOptions options = new DeleteOptions();
    options.setApiVersion("v1");
    options.setKind("DeleteOptions");
    options.setGracePeriodSeconds(0L);
    // A uid precondition, as the kubelet's status manager sends, so a new pod with the same name is never deleted.
    options.setPreconditions(new Preconditions(null, pod.getMetadata().getUid()));
    String master = client.getMasterUrl().toString();
    String url = (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + ns + "/pods/" + name;
    try {
      client.raw(url, "DELETE", options);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
      log.debug("final delete of pod {}/{}: {}", ns, name, e.getMessage());
    }
  }
}

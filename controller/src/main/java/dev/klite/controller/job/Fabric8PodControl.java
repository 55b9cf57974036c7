package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Objects;

/** {@link PodControl} through fabric8. */
public final class Fabric8PodControl implements PodControl {

  private final KubernetesClient client;

  public Fabric8PodControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public Pod create(String namespace, Pod pod) {
    return client.pods().inNamespace(namespace).resource(pod).create();
  }

  @Override
  public void delete(String namespace, String name) {
    List<?> deleted = client.pods().inNamespace(namespace).withName(name).delete();
    if (deleted.isEmpty()) {
      throw new KubernetesClientException("pods \"" + name + "\" not found", 404, null);
    }
  }

  /**
   * Upstream sends a strategic-merge {@code $deleteFromPrimitiveList} patch; we send the
   * equivalent JSON patch guarded by a {@code test} of the element, which every API server (and
   * fabric8's mock) supports: if the list changed meanwhile the test fails and the sync retries.
   */
  @Override
  public void removeTrackingFinalizer(Pod pod) {
    try {
      patchOutTrackingFinalizer(pod);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422 && e.getCode() != 409) {
        throw e;
      }
      // The cached finalizer list was stale, so the guarding test failed. Like the idempotent
      // $deleteFromPrimitiveList patch upstream sends, look at the live list once more.
      Pod live = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .get();
      if (live == null) {
        throw new KubernetesClientException("pods \"" + pod.getMetadata().getName() + "\" not found", 404, null);
      }
      if (!Objects.equals(live.getMetadata().getUid(), pod.getMetadata().getUid())) {
        return;
      }
      patchOutTrackingFinalizer(live);
    }
  }

  private void patchOutTrackingFinalizer(Pod pod) {
    List<String> finalizers = pod.getMetadata().getFinalizers();
    int i = finalizers == null ? -1 : finalizers.indexOf(JobPods.TRACKING_FINALIZER);
    if (i < 0) {
      return;
    }
    String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + i + "\",\"value\":\""
        + JobPods.TRACKING_FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}]";
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch);
  }

  /**
   * Upstream adopts with a strategic-merge patch guarded by the pod uid
   * ({@code pkg/controller/controller_ref_manager.go} {@code AdoptPod}); this JSON patch tests the
   * uid the same way. Should another controller have adopted the pod meanwhile, the API server's
   * "only one controller reference" validation rejects the patch.
   */
  @Override
  public Pod adopt(Pod pod, Job job) {
    StringBuilder patch = new StringBuilder("[")
        .append("{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":\"").append(pod.getMetadata().getUid()).append("\"},");
    String ref = Serialization.asJson(PodTemplates.controllerRef(job));
    if (pod.getMetadata().getOwnerReferences() == null || pod.getMetadata().getOwnerReferences().isEmpty()) {
      patch.append("{\"op\":\"add\",\"path\":\"/metadata/ownerReferences\",\"value\":[").append(ref).append("]}");
    } else {
      patch.append("{\"op\":\"add\",\"path\":\"/metadata/ownerReferences/-\",\"value\":").append(ref).append("}");
    }
    if (!JobPods.hasTrackingFinalizer(pod)) {
      String fin = "\"" + JobPods.TRACKING_FINALIZER + "\"";
      if (pod.getMetadata().getFinalizers() == null || pod.getMetadata().getFinalizers().isEmpty()) {
        patch.append(",{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[").append(fin).append("]}");
      } else {
        patch.append(",{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":").append(fin).append("}");
      }
    }
    patch.append("]");
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch.toString());
  }

  /**
   * Upstream releases with a strategic-merge patch that deletes the ownerReference by uid and
   * carries the pod uid as a precondition ({@code pkg/controller/controller_ref_manager.go}
   * {@code ReleasePod}); this JSON patch tests both uids instead, so a pod re-created under the
   * same name, or whose references changed meanwhile, fails with 422 and is re-read.
   */
  @Override
  public void release(Pod pod, Job job) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    int i = -1;
    for (int k = 0; refs != null && k < refs.size(); k++) {
      if (job.getMetadata().getUid().equals(refs.get(k).getUid())) {
        i = k;
        break;
      }
    }
    if (i < 0) {
      return;
    }
    String patch = "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":\"" + pod.getMetadata().getUid() + "\"},"
        + "{\"op\":\"test\",\"path\":\"/metadata/ownerReferences/" + i + "/uid\",\"value\":\""
        + job.getMetadata().getUid() + "\"},"
        + "{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/" + i + "\"}]";
    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch);
  }
}

package dev.klite.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.util.List;
import java.util.Objects;

/** {@link GcControl} through fabric8; list edits are JSON patches guarded by {@code test} ops. */
public final class Fabric8GcControl implements GcControl {

  private final KubernetesClient client;

  public Fabric8GcControl(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public boolean exists(OwnerKind kind, String namespace, String name, String uid) {
    HasMetadata owner = kind == OwnerKind.JOB
        ? client.batch().v1().jobs().inNamespace(namespace).withName(name).get()
        : client.batch().v1().cronjobs().inNamespace(namespace).withName(name).get();
    return owner != null && uid.equals(owner.getMetadata().getUid());
  }

  @Override
  public void delete(HasMetadata object, String propagationPolicy) {
    try {
      resource(object).withPropagationPolicy(DeletionPropagation.valueOf(propagationPolicy.toUpperCase())).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void removeOwnerReference(HasMetadata object, String ownerUid) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    for (int i = 0; refs != null && i < refs.size(); i++) {
      if (ownerUid.equals(refs.get(i).getUid())) {
        patch(object, "[{\"op\":\"test\",\"path\":\"/metadata/ownerReferences/" + i + "/uid\",\"value\":\"" + ownerUid
            + "\"},{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/" + i + "\"}]");
        return;
      }
    }
  }

  @Override
  public void removeFinalizer(HasMetadata object, String finalizer) {
    List<String> finalizers = object.getMetadata().getFinalizers();
    int i = finalizers == null ? -1 : finalizers.indexOf(finalizer);
    if (i >= 0) {
      patch(object, "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + i + "\",\"value\":\"" + finalizer
          + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}]");
    }
  }

  private void patch(HasMetadata object, String jsonPatch) {
    try {
      resource(object).patch(PatchContext.of(PatchType.JSON), jsonPatch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private Resource<? extends HasMetadata> resource(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    if (object instanceof Pod) {
      return client.pods().inNamespace(ns).withName(name);
    }
    if (object instanceof Job) {
      return client.batch().v1().jobs().inNamespace(ns).withName(name);
    }
    if (object instanceof CronJob) {
      return client.batch().v1().cronjobs().inNamespace(ns).withName(name);
    }
    throw new IllegalArgumentException("unsupported kind " + object.getKind());
  }
}

package dev.klite.controller.gc;

import dev.klite.controller.discovery.ResourceType;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Arrays;
import java.util.List;

/** Graph nodes for the collector's tests: uid = name, everything in namespace {@code ns}. */
final class GcFixtures {

  static final List<String> VERBS = List.of("delete", "get", "list", "patch", "watch");
  static final ResourceType PODS = new ResourceType("", "v1", "pods", "Pod", true, VERBS);
  static final ResourceType JOBS = new ResourceType("batch", "v1", "jobs", "Job", true, VERBS);
  static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "configmaps", "ConfigMap", true, VERBS);

  private GcFixtures() {}

  static OwnerReference ref(String owner, boolean blocking) {
    return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(owner).withUid(owner)
        .withBlockOwnerDeletion(blocking).build();
  }

  static GcObject pod(String name, List<OwnerReference> owners, String... finalizers) {
    return new GcObject(PODS, "ns", name, name, owners, Arrays.asList(finalizers), false);
  }

  static GcObject deleting(String name, List<OwnerReference> owners, String... finalizers) {
    return new GcObject(PODS, "ns", name, name, owners, Arrays.asList(finalizers), true);
  }
}

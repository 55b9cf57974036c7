package dev.klite.conformance.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.junit5.EnableKlite;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/common/node/podtemplates.go. */
@EnableKlite
class PodTemplatesIT {
  KubernetesClient client;

  private MixedOperation<PodTemplate, PodTemplateList, Resource<PodTemplate>> templates() {
    return client.resources(PodTemplate.class, PodTemplateList.class);
  }

  private static PodTemplate template(String name, String label) {
    return new PodTemplateBuilder().withNewMetadata().withName(name).addToLabels(label, "true").endMetadata()
        .withNewTemplate().withNewSpec().addNewContainer().withName("token-test").withImage("busybox:1.35").endContainer()
        .endSpec().endTemplate().build();
  }

  @Test
  @Conformance("[sig-node] PodTemplates should run the lifecycle of PodTemplates")
  void podtemplatesShouldRunTheLifecycleOfPodtemplates() {
    templates().resource(template("nginx-pod-template", "podtemplate-static")).create();
    assertThat(templates().withName("nginx-pod-template").get().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(templates().inAnyNamespace().withLabel("podtemplate-static", "true").list().getItems())
        .extracting(t -> t.getMetadata().getName()).contains("nginx-pod-template");

    PodTemplate patched = templates().withName("nginx-pod-template").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"metadata\":{\"labels\":{\"podtemplate\":\"patched\"}}}");
    assertThat(patched.getMetadata().getLabels()).containsEntry("podtemplate", "patched");

    templates().withName("nginx-pod-template").delete();
    assertThat(templates().withName("nginx-pod-template").get()).isNull();
  }

  @Test
  @Conformance("[sig-node] PodTemplates should delete a collection of pod templates")
  void podtemplatesShouldDeleteACollectionOfPodTemplates() {
    for (String name : new String[] {"test-podtemplate-1", "test-podtemplate-2", "test-podtemplate-3"}) {
      templates().resource(template(name, "podtemplate-set")).create();
    }
    assertThat(templates().withLabel("podtemplate-set", "true").list().getItems()).hasSize(3);
    templates().withLabel("podtemplate-set", "true").delete();
    assertThat(templates().withLabel("podtemplate-set", "true").list().getItems()).isEmpty();
  }

  @Test
  @Conformance("[sig-node] PodTemplates should replace a pod template")
  void podtemplatesShouldReplaceAPodTemplate() {
    templates().resource(template("podtemplate-replace", "podtemplate-replace")).create();
    PodTemplate replaced = templates().withName("podtemplate-replace").edit(t -> new PodTemplateBuilder(t).editTemplate()
        .editSpec().withTerminationGracePeriodSeconds(1L).endSpec().endTemplate().build());
    assertThat(replaced.getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(1L);
    assertThat(templates().withName("podtemplate-replace").get().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(1L);
  }
}

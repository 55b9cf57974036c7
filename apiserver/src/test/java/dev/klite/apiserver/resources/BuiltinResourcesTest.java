package dev.klite.apiserver.resources;

import static dev.klite.apiserver.resources.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.registry.ResourceDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class BuiltinResourcesTest {
  static ResourceDefinition def(String plural) {
    return BuiltinResources.all().stream().filter(d -> d.plural().equals(plural)).findFirst().orElseThrow();
  }

  @Test
  void servesTheCoreBatchAndCoordinationKinds() {
    assertThat(BuiltinResources.all()).extracting(ResourceDefinition::qualifiedResource).containsExactly(
        "namespaces", "pods", "nodes", "events", "configmaps", "secrets", "serviceaccounts", "services", "endpoints",
        "resourcequotas", "limitranges", "podtemplates", "jobs.batch", "cronjobs.batch", "leases.coordination.k8s.io",
        "events.events.k8s.io", "selfsubjectaccessreviews.authorization.k8s.io");
    assertThat(BuiltinResources.all()).allSatisfy(d -> assertThat(d.modelClass()).isNotNull());
  }

  @Test
  void categoryAllCoversPodsServicesJobsAndCronJobs() {
    assertThat(BuiltinResources.all().stream().filter(d -> d.categories().contains("all")).map(ResourceDefinition::plural))
        .containsExactlyInAnyOrder("pods", "services", "jobs", "cronjobs");
  }

  @Test
  void scopesAndSubresources() {
    assertThat(def("nodes").namespaced()).isFalse();
    assertThat(def("namespaces").namespaced()).isFalse();
    assertThat(def("pods").subresources()).contains("status", "log", "binding");
    assertThat(def("jobs").hasStatus()).isTrue();
    assertThat(def("configmaps").hasStatus()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pods|spec.nodeName|{'spec':{'nodeName':'n1'}}|n1",
      "pods|status.phase|{'status':{'phase':'Running'}}|Running",
      "pods|status.podIP|{'status':{'podIPs':[{'ip':'10.1.2.3'}]}}|10.1.2.3",
      "pods|spec.restartPolicy|{}|''",
      "pods|spec.hostNetwork|{}|false",
      "events|involvedObject.kind|{'involvedObject':{'kind':'Job'}}|Job",
      "events|source|{'source':{'component':'job-controller'}}|job-controller",
      "events|reportingComponent|{'reportingComponent':'kubelet'}|kubelet",
      "jobs|status.successful|{}|0",
      "jobs|status.successful|{'status':{'succeeded':2}}|2",
      "namespaces|status.phase|{'status':{'phase':'Active'}}|Active",
      "secrets|type|{'type':'Opaque'}|Opaque",
      "nodes|spec.unschedulable|{'spec':{'unschedulable':true}}|true",
      "nodes|spec.unschedulable|{}|false"})
  void fieldSelectorValues(String plural, String field, String object, String expected) {
    ObjectNode o = json(object);
    assertThat(def(plural).fieldSelectors().get(field).apply(o)).isEqualTo(expected);
  }

  @Test
  void eventsSelectEveryInvolvedObjectField() {
    assertThat(def("events").fieldSelectors().keySet()).containsAll(List.of("involvedObject.kind",
        "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
        "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"));
  }
}

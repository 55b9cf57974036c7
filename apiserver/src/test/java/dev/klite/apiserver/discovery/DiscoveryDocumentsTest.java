package dev.klite.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.BuiltinResources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DiscoveryDocumentsTest {
  private final DiscoveryDocuments docs = new DiscoveryDocuments(BuiltinResources.all());

  private ObjectNode resource(ObjectNode list, String name) {
    for (ObjectNode r : Fields.objects(list, "resources")) {
      if (name.equals(Fields.string(r, "name"))) return r;
    }
    throw new AssertionError("no resource " + name);
  }

  @Test
  void legacyCoreResourceListHasPodsWithShortNameCategoryAndSubresources() {
    ObjectNode list = docs.apiResourceList("v1");
    assertThat(Fields.string(list, "groupVersion")).isEqualTo("v1");
    ObjectNode pods = resource(list, "pods");
    assertThat(Fields.strings(pods, "shortNames")).containsExactly("po");
    assertThat(Fields.strings(pods, "categories")).containsExactly("all");
    assertThat(Fields.bool(pods, "namespaced")).isTrue();
    assertThat(Fields.strings(pods, "verbs")).containsExactly(
        "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    assertThat(Fields.strings(resource(list, "pods/log"), "verbs")).containsExactly("get");
    assertThat(Fields.string(resource(list, "pods/exec"), "kind")).isEqualTo("PodExecOptions");
    assertThat(Fields.strings(resource(list, "pods/status"), "verbs")).containsExactly("get", "patch", "update");
    assertThat(Fields.string(resource(list, "pods/binding"), "kind")).isEqualTo("Binding");
    assertThat(Fields.bool(resource(list, "namespaces"), "namespaced")).isFalse();
    assertThat(Fields.strings(resource(list, "namespaces"), "verbs")).doesNotContain("deletecollection");
  }

  @Test
  void batchGroupListsJobsWithoutShortNameAndCronJobsAsCj() {
    ObjectNode list = docs.apiResourceList("batch/v1");
    assertThat(resource(list, "jobs").has("shortNames")).isFalse();
    assertThat(Fields.strings(resource(list, "jobs"), "categories")).containsExactly("all");
    assertThat(Fields.strings(resource(list, "cronjobs"), "shortNames")).containsExactly("cj");
    assertThat(Fields.string(resource(list, "jobs/status"), "kind")).isEqualTo("Job");
  }

  @ParameterizedTest
  @CsvSource({"po, pods", "ns, namespaces", "no, nodes", "ev, events", "cm, configmaps", "sa, serviceaccounts",
      "svc, services", "ep, endpoints", "quota, resourcequotas", "limits, limitranges"})
  void upstreamShortNames(String shortName, String resource) {
    assertThat(Fields.strings(resource(docs.apiResourceList("v1"), resource), "shortNames")).contains(shortName);
  }

  @Test
  void groupListPrefersV1() {
    ObjectNode groups = docs.apiGroupList();
    List<String> names = new ArrayList<>();
    for (ObjectNode g : Fields.objects(groups, "groups")) names.add(Fields.string(g, "name"));
    assertThat(names).containsExactly("batch", "coordination.k8s.io", "events.k8s.io", "authorization.k8s.io");
    assertThat(Fields.string(docs.apiGroup("batch"), "preferredVersion.groupVersion")).isEqualTo("batch/v1");
    assertThat(docs.apiGroup("apps")).isNull();
  }

  @Test
  void aggregatedNamedGroupsCarryWhatKubectlNeeds() {
    ObjectNode list = docs.aggregated(false, "apidiscovery.k8s.io/v2");
    assertThat(Fields.string(list, "kind")).isEqualTo("APIGroupDiscoveryList");
    ObjectNode batch = Fields.objects(list, "items").get(0);
    assertThat(Fields.string(batch, "metadata.name")).isEqualTo("batch");
    ObjectNode v1 = Fields.objects(batch, "versions").get(0);
    assertThat(Fields.string(v1, "freshness")).isEqualTo("Current");
    ObjectNode jobs = Fields.objects(v1, "resources").get(0);
    assertThat(Fields.string(jobs, "resource")).isEqualTo("jobs");
    assertThat(Fields.object(jobs, "responseKind").toString()).isEqualTo("{\"group\":\"batch\",\"version\":\"v1\",\"kind\":\"Job\"}");
    assertThat(Fields.string(jobs, "scope")).isEqualTo("Namespaced");
    assertThat(Fields.string(jobs, "singularResource")).isEqualTo("job");
    assertThat(Fields.strings(jobs, "categories")).containsExactly("all");
    JsonNode status = Fields.objects(jobs, "subresources").get(0);
    assertThat(Fields.string(status, "subresource")).isEqualTo("status");
  }

  @Test
  void aggregatedCoreHasOneUnnamedItem() {
    ObjectNode list = docs.aggregated(true, "apidiscovery.k8s.io/v2");
    assertThat(Fields.objects(list, "items")).singleElement().satisfies(item -> {
      assertThat(Fields.object(item, "metadata")).isEmpty();
      ObjectNode v1 = Fields.objects(item, "versions").get(0);
      assertThat(Fields.string(v1, "version")).isEqualTo("v1");
      assertThat(Fields.objects(v1, "resources")).anySatisfy(r -> {
        assertThat(Fields.string(r, "resource")).isEqualTo("nodes");
        assertThat(Fields.string(r, "scope")).isEqualTo("Cluster");
      });
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json|V2",
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json|V2BETA1",
      "application/json, */*|LEGACY",
      "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json|LEGACY",
      "''|LEGACY"})
  void acceptNegotiation(String accept, DiscoveryApi.Form expected) {
    assertThat(DiscoveryApi.negotiate(accept)).isEqualTo(expected);
  }

  @Test
  void versionReportsMinor32() {
    ObjectNode v = VersionInfo.document();
    assertThat(Fields.string(v, "major")).isEqualTo("1");
    assertThat(Fields.string(v, "minor")).isEqualTo("32");
    assertThat(Fields.string(v, "gitVersion")).startsWith("v1.32.");
    assertThat(Fields.string(v, "platform")).contains("/");
  }
}

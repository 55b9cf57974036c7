package dev.klite.conformance.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.conformance.support.RawApi;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Upstream API-machinery specs on klite's API surface: test/e2e/apimachinery/server_version.go,
 * discovery.go, aggregated_discovery.go, table_conversion.go, field_validation.go and chunking.go.
 */
@EnableKlite
class ApiMachineryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION_JSON = "application/json";
  KubernetesClient client;
  Klite klite;

  private JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = new RawApi(klite).get(path, APPLICATION_JSON);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  @Conformance("[sig-api-machinery] server version should find the server version")
  void serverVersionShouldFindTheServerVersion() throws Exception {
    JsonNode version = getJson("/version");
    assertThat(Integer.parseInt(version.get("major").asString())).isGreaterThanOrEqualTo(1);
    assertThat(Integer.parseInt(version.get("minor").asString().replaceAll("\\+$", ""))).isGreaterThanOrEqualTo(24);
    assertThat(version.get("gitVersion").asString()).startsWith("v1.");
  }

  @Test
  @Conformance("[sig-api-machinery] Discovery should validate PreferredVersion for each APIGroup")
  void discoveryShouldValidatePreferredversionForEachApigroup() throws Exception {
    JsonNode groups = getJson("/apis");
    assertThat(groups.get("kind").asString()).isEqualTo("APIGroupList");
    assertThat(groups.get("groups")).isNotEmpty();
    for (JsonNode group : groups.get("groups")) {
      String preferred = group.get("preferredVersion").get("groupVersion").asString();
      List<String> versions = new ArrayList<>();
      group.get("versions").forEach(v -> versions.add(v.get("groupVersion").asString()));
      assertThat(versions).as("versions of %s", group.get("name")).contains(preferred);
      JsonNode single = getJson("/apis/" + group.get("name").asString());
      assertThat(single.get("preferredVersion").get("groupVersion").asString()).isEqualTo(preferred);
    }
  }

  @Test
  @Conformance("[sig-api-machinery] Discovery should locate the groupVersion and a resource within each APIGroup")
  void discoveryShouldLocateTheGroupversionAndAResourceWithinEachApigroup() throws Exception {
    for (JsonNode group : getJson("/apis").get("groups")) {
      for (JsonNode version : group.get("versions")) {
        String gv = version.get("groupVersion").asString();
        JsonNode resources = getJson("/apis/" + gv);
        assertThat(resources.get("kind").asString()).isEqualTo("APIResourceList");
        assertThat(resources.get("groupVersion").asString()).isEqualTo(gv);
        assertThat(resources.get("resources")).as("resources of %s", gv).isNotEmpty();
      }
    }
    JsonNode core = getJson("/api/v1");
    assertThat(core.get("groupVersion").asString()).isEqualTo("v1");
    List<String> names = new ArrayList<>();
    core.get("resources").forEach(r -> names.add(r.get("name").asString()));
    assertThat(names).contains("pods", "configmaps", "namespaces");
  }

  private static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

  @Test
  @Conformance("[sig-api-machinery] AggregatedDiscovery should support raw aggregated discovery endpoint Accept headers")
  void aggregateddiscoveryShouldSupportRawAggregatedDiscoveryEndpointAcceptHeaders() throws Exception {
    RawApi raw = new RawApi(klite);
    for (String path : List.of("/api", "/apis")) {
      HttpResponse<String> r = raw.get(path, AGGREGATED + ",application/json");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("as=APIGroupDiscoveryList");
      assertThat(JSON.readTree(r.body()).get("kind").asString()).isEqualTo("APIGroupDiscoveryList");
    }
  }

  @Test
  @Conformance("[sig-api-machinery] AggregatedDiscovery should support aggregated discovery interface")
  void aggregateddiscoveryShouldSupportAggregatedDiscoveryInterface() throws Exception {
    RawApi raw = new RawApi(klite);
    Set<String> found = new HashSet<>();
    for (String path : List.of("/api", "/apis")) {
      JsonNode list = JSON.readTree(raw.get(path, AGGREGATED).body());
      for (JsonNode group : list.get("items")) {
        String name = group.get("metadata").has("name") ? group.get("metadata").get("name").asString() : "";
        for (JsonNode version : group.get("versions")) {
          for (JsonNode resource : version.get("resources")) {
            found.add((name.isEmpty() ? "" : name + "/") + version.get("version").asString() + "/" + resource.get("resource").asString());
          }
        }
      }
    }
    assertThat(found).contains("v1/pods", "v1/configmaps", "batch/v1/jobs", "batch/v1/cronjobs");
  }

  @Test
  @Conformance("[sig-api-machinery] Servers with support for Table transformation should return a 406 for a backend which does not implement metadata")
  void serversWithSupportForTableTransformationShouldReturnA406ForABackendWhichDoesNotImplementMetadata() throws Exception {
    HttpResponse<String> r = new RawApi(klite).post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        "application/json;as=Table;v=v1;g=meta.k8s.io", APPLICATION_JSON, """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
         "spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(406);
    // SelfSubjectAccessReviews have no Table printer: output negotiation finds no acceptable media type.
    assertThat(r.body()).contains("\"reason\":\"NotAcceptable\"").contains("only the following media types are accepted");
  }

  @Test
  @Conformance("[sig-api-machinery] FieldValidation should detect unknown and duplicate fields of a typed object")
  void fieldvalidationShouldDetectUnknownAndDuplicateFieldsOfATypedObject() throws Exception {
    HttpResponse<String> r = new RawApi(klite).post("/api/v1/namespaces/" + klite.namespace() + "/pods?fieldValidation=Strict",
        APPLICATION_JSON, APPLICATION_JSON, """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"strict-pod"},
         "spec":{"foo":"bar","restartPolicy":"Never","restartPolicy":"Never",
                 "containers":[{"name":"c","image":"busybox:1.35","command":["true"]}]}}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("strict decoding error").contains("unknown field \\\"spec.foo\\\"")
        .contains("duplicate field \\\"spec.restartPolicy\\\"");
    assertThat(client.pods().withName("strict-pod").get()).isNull();
  }

  @Test
  @Conformance("[sig-api-machinery] FieldValidation should detect unknown metadata fields of a typed object")
  void fieldvalidationShouldDetectUnknownMetadataFieldsOfATypedObject() throws Exception {
    HttpResponse<String> r = new RawApi(klite).post("/api/v1/namespaces/" + klite.namespace() + "/configmaps?fieldValidation=Strict",
        APPLICATION_JSON, APPLICATION_JSON, """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict-cm","unknownMeta":"foo"},"data":{"a":"b"}}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("strict decoding error").contains("unknown field \\\"metadata.unknownMeta\\\"");
    assertThat(client.configMaps().withName("strict-cm").get()).isNull();
  }

  @Test
  @Conformance("[sig-api-machinery] Servers with support for API chunking should return chunks of results for list calls")
  void serversWithSupportForApiChunkingShouldReturnChunksOfResultsForListCalls() {
    var templates = client.resources(PodTemplate.class, PodTemplateList.class);
    int total = 60;
    for (int i = 0; i < total; i++) {
      templates.resource(new PodTemplateBuilder().withNewMetadata().withName("template-" + String.format("%04d", i)).endMetadata()
          .withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox:1.35").endContainer().endSpec().endTemplate()
          .build()).create();
    }
    List<String> names = new ArrayList<>();
    String cont = null;
    String firstRv = null;
    do {
      PodTemplateList page = templates.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(17L).withContinue(cont).build());
      assertThat(page.getItems()).hasSizeLessThanOrEqualTo(17);
      if (firstRv == null) firstRv = page.getMetadata().getResourceVersion();
      else assertThat(page.getMetadata().getResourceVersion()).isEqualTo(firstRv);
      page.getItems().forEach(t -> names.add(t.getMetadata().getName()));
      cont = page.getMetadata().getContinue();
      if (cont != null && !cont.isEmpty()) {
        assertThat(page.getMetadata().getRemainingItemCount()).isEqualTo((long) (total - names.size()));
      }
    } while (cont != null && !cont.isEmpty());
    assertThat(names).hasSize(total).isSorted().doesNotHaveDuplicates();
  }
}

package dev.klite.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.BuiltinResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What kubectl's three OpenAPI consumers need (kubectl-wire.md §4). */
class OpenApiDocumentTest {
  static final Map<String, byte[]> DOCS = OpenApiRoutes.documents(BuiltinResources.all());

  static ObjectNode doc(String key) {
    return (ObjectNode) Json.parse(DOCS.get(key));
  }

  static Stream<ResourceDefinition> definitions() {
    return BuiltinResources.all().stream();
  }

  /** The kinds that can be patched (not the create-only reviews). */
  static Stream<ResourceDefinition> patchable() {
    return definitions().filter(d -> d.verbs().contains("patch"));
  }

  @Test
  void oneDocumentPerGroupVersion() {
    assertThat(DOCS).containsOnlyKeys("api/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1",
        "apis/events.k8s.io/v1", "apis/authorization.k8s.io/v1");
  }

  /** query_param_verifier_v3.go: the PATCH operation of the GVK declares fieldValidation. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("patchable")
  void patchOperationOfEveryKindSupportsFieldValidation(ResourceDefinition def) {
    ObjectNode doc = doc(OpenApiRoutes.indexKey(def.apiVersion()));
    List<JsonNode> patches = new ArrayList<>();
    for (JsonNode pathItem : Fields.object(doc, "paths").values()) {
      JsonNode patch = pathItem.get("patch");
      if (patch == null) continue;
      JsonNode gvk = patch.get("x-kubernetes-group-version-kind");
      if (gvk.isObject() && def.kind().equals(gvk.get("kind").asString()) && def.group().equals(gvk.get("group").asString())
          && def.version().equals(gvk.get("version").asString())) {
        patches.add(patch);
      }
    }
    assertThat(patches).isNotEmpty().allSatisfy(p -> assertThat(Fields.objects(p, "parameters"))
        .anySatisfy(param -> assertThat(Fields.string(param, "name")).isEqualTo("fieldValidation")));
  }

  @Test
  void noOperationDeclaresStrategicMergePatch() {
    for (byte[] bytes : DOCS.values()) {
      assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
          .doesNotContain("application/strategic-merge-patch+json");
    }
  }

  @Test
  void namespacesHaveNoDeleteCollectionOperation() {
    ObjectNode doc = doc("api/v1");
    assertThat(Fields.object(doc, "paths").get("/api/v1/namespaces").has("delete")).isFalse();
    assertThat(Fields.object(doc, "paths").get("/api/v1/namespaces/{namespace}/pods").has("delete")).isTrue();
  }

  /** kubectl explain job.spec.template.spec.containers walks refs from the GVK-tagged schema. */
  @Test
  void explainCanWalkFromJobToContainerImage() {
    ObjectNode doc = doc("apis/batch/v1");
    ObjectNode schemas = Fields.object(doc, "components.schemas");
    ObjectNode job = null;
    for (JsonNode s : schemas.values()) {
      JsonNode gvks = s.get("x-kubernetes-group-version-kind");
      if (gvks != null && gvks.isArray() && "Job".equals(gvks.get(0).get("kind").asString())) job = (ObjectNode) s;
    }
    assertThat(job).isNotNull();
    assertThat(Fields.string(job, "description")).isEqualTo("Job represents the configuration of a single job.");
    JsonNode cur = job;
    for (String field : List.of("spec", "template", "spec", "containers")) {
      cur = resolve(schemas, cur.get("properties").get(field));
      assertThat(cur).as(field).isNotNull();
    }
    assertThat(Fields.string(cur, "type")).isEqualTo("array");
    JsonNode container = resolve(schemas, cur.get("items"));
    assertThat(Fields.string(container.get("properties").get("image"), "type")).isEqualTo("string");
    assertThat(Fields.string(container.get("properties").get("name"), "type")).isEqualTo("string");
    JsonNode metadata = resolve(schemas, job.get("properties").get("metadata"));
    assertThat(metadata.get("properties").has("labels")).isTrue();
    assertThat(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")).isTrue();
    assertThat(schemas.has("io.k8s.api.core.v1.PodSpec")).isTrue();
  }

  /** Follows {@code allOf: [{$ref}]} or {@code $ref} like kubectl explain does. */
  static JsonNode resolve(ObjectNode schemas, JsonNode prop) {
    if (prop == null) return null;
    JsonNode ref = prop.has("allOf") ? prop.get("allOf").get(0).get("$ref") : prop.get("$ref");
    if (ref == null) return prop;
    return schemas.get(ref.asString().substring("#/components/schemas/".length()));
  }

  @Test
  void everyRefResolves() {
    for (String key : DOCS.keySet()) {
      ObjectNode doc = doc(key);
      ObjectNode schemas = Fields.object(doc, "components.schemas");
      List<String> refs = new ArrayList<>();
      collectRefs(doc, refs);
      assertThat(refs).isNotEmpty().allSatisfy(r ->
          assertThat(schemas.has(r.substring("#/components/schemas/".length()))).as(r).isTrue());
    }
  }

  private static void collectRefs(JsonNode n, List<String> out) {
    if (n.isObject()) {
      n.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) out.add(e.getValue().asString());
        else collectRefs(e.getValue(), out);
      });
    } else if (n.isArray()) {
      n.forEach(e -> collectRefs(e, out));
    }
  }

  @Test
  void hashChangesWithTheDocument() {
    assertThat(OpenApiRoutes.hash("a".getBytes())).isNotEqualTo(OpenApiRoutes.hash("b".getBytes())).hasSize(128);
  }
}

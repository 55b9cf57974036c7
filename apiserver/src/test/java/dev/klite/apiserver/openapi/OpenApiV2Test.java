package dev.klite.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.klite.apiserver.resources.BuiltinResources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /openapi/v2} document in the shapes kubectl's v2 readers accept
 * (kube-openapi pkg/util/proto/document.go, cli-runtime query_param_verifier.go) and its gnostic
 * protobuf encoding, read back field by field with gnostic's numbers.
 */
class OpenApiV2Test {
  static final ObjectNode DOC = OpenApiV2Route.document(BuiltinResources.all());
  static final byte[] PROTO = GnosticV2Encoder.encode(DOC);

  @Test
  void referencesAreBareDefinitionRefsAndStructsCarryNoObjectType() {
    JsonNode spec = DOC.path("definitions").path("io.k8s.api.batch.v1.Job").path("properties").path("spec");
    assertThat(spec.path("$ref").asString()).isEqualTo("#/definitions/io.k8s.api.batch.v1.JobSpec");
    assertThat(spec.has("allOf")).isFalse();
    JsonNode job = DOC.path("definitions").path("io.k8s.api.batch.v1.Job");
    assertThat(job.has("type")).isFalse();
    assertThat(job.has("properties")).isTrue();
    JsonNode labels = DOC.path("definitions").path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
        .path("properties").path("labels");
    assertThat(labels.path("type").asString()).isEqualTo("object");
    assertThat(labels.path("additionalProperties").path("type").asString()).isEqualTo("string");
  }

  @Test
  void containerListsCarryTheirMergeKeys() {
    JsonNode containers = DOC.path("definitions").path("io.k8s.api.core.v1.PodSpec").path("properties")
        .path("containers");
    assertThat(containers.path("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
    assertThat(containers.path("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
    JsonNode ports = DOC.path("definitions").path("io.k8s.api.core.v1.Container").path("properties").path("ports");
    assertThat(ports.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"containerPort\",\"protocol\"]");
  }

  @Test
  void protobufDefinitionsCarryTheGroupVersionKindExtension() throws IOException {
    Map<Integer, List<Object>> doc = decode(PROTO);
    assertThat(string(doc.get(1).get(0))).isEqualTo("2.0");
    Map<Integer, List<Object>> job = null;
    for (Object named : decode((byte[]) doc.get(9).get(0)).get(1)) {
      Map<Integer, List<Object>> n = decode((byte[]) named);
      if (string(n.get(1).get(0)).equals("io.k8s.api.batch.v1.Job")) job = decode((byte[]) n.get(2).get(0));
    }
    assertThat(job).as("Job definition").isNotNull();
    assertThat(job).containsKey(25); // properties
    List<String> extensions = new ArrayList<>();
    for (Object ext : job.get(31)) {
      Map<Integer, List<Object>> e = decode((byte[]) ext);
      extensions.add(string(e.get(1).get(0)) + "=" + string(decode((byte[]) e.get(2).get(0)).get(2).get(0)).trim());
    }
    assertThat(extensions).contains(
        "x-kubernetes-group-version-kind=[{\"group\":\"batch\",\"kind\":\"Job\",\"version\":\"v1\"}]");
  }

  @Test
  void protobufPatchOperationsDeclareFieldValidation() throws IOException {
    Map<Integer, List<Object>> paths = decode((byte[]) decode(PROTO).get(8).get(0));
    boolean found = false;
    for (Object named : paths.get(2)) {
      Map<Integer, List<Object>> n = decode((byte[]) named);
      if (!string(n.get(1).get(0)).equals("/apis/batch/v1/namespaces/{namespace}/jobs/{name}")) continue;
      Map<Integer, List<Object>> patch = decode((byte[]) decode((byte[]) n.get(2).get(0)).get(8).get(0));
      for (Object item : patch.get(8)) {
        Map<Integer, List<Object>> parameter = decode((byte[]) decode((byte[]) item).get(1).get(0));
        if (!parameter.containsKey(2)) continue; // body parameter
        Map<Integer, List<Object>> nonBody = decode((byte[]) parameter.get(2).get(0));
        if (!nonBody.containsKey(3)) continue; // not a query parameter
        Map<Integer, List<Object>> query = decode((byte[]) nonBody.get(3).get(0));
        found |= string(query.get(4).get(0)).equals("fieldValidation");
      }
    }
    assertThat(found).isTrue();
  }

  /** Field number to values: length-delimited fields as bytes, varints as longs. */
  private static Map<Integer, List<Object>> decode(byte[] bytes) throws IOException {
    Map<Integer, List<Object>> out = new TreeMap<>();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      Object value = switch (WireFormat.getTagWireType(tag)) {
        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readByteArray();
        case WireFormat.WIRETYPE_VARINT -> in.readInt64();
        default -> throw new AssertionError("unexpected wire type in tag " + tag);
      };
      out.computeIfAbsent(WireFormat.getTagFieldNumber(tag), k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String string(Object bytes) {
    return new String((byte[]) bytes, StandardCharsets.UTF_8);
  }
}

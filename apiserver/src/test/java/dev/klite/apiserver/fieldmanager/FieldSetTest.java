package dev.klite.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FieldSetTest {
  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fieldsV1RoundTripsWithTheDotMarkerForMembersThatHaveChildren() {
    JsonNode wire = json("""
        {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:image":{},"f:name":{}}}}}""");
    FieldSet set = FieldSet.fromFieldsV1(wire);
    assertThat(set.paths()).hasSize(5);
    assertThat(set.toFieldsV1()).isEqualTo(wire);
  }

  @Test
  void pathsPrintAsUpstreamConflictMessagesDo() {
    FieldPath container = FieldPath.ROOT.field("spec").field("containers").key((tools.jackson.databind.node.ObjectNode)
        json("{\"name\":\"c\"}")).field("image");
    assertThat(container).hasToString(".spec.containers[name=\"c\"].image");
    assertThat(FieldPath.ROOT.field("metadata").field("finalizers").value(json("\"x\"")))
        .hasToString(".metadata.finalizers[=\"x\"]");
  }

  @Test
  void objectFieldsTypeMapsStructsAndKeyedLists() {
    JsonNode pod = json("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","uid":"u","labels":{"a":"b"},"finalizers":["f"]},
         "spec":{"containers":[{"name":"c","image":"i","args":["x"]}],"securityContext":{}}}""");
    JsonNode fields = ObjectFields.of(pod, io.fabric8.kubernetes.api.model.Pod.class).toFieldsV1();
    assertThat(fields).isEqualTo(json("""
        {"f:metadata":{"f:finalizers":{".":{},"v:\\"f\\"":{}},"f:labels":{".":{},"f:a":{}}},
         "f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:args":{},"f:image":{},"f:name":{}}},
                   "f:securityContext":{}}}"""));
  }
}

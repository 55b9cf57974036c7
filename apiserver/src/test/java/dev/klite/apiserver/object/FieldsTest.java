package dev.klite.apiserver.object;

import static dev.klite.apiserver.resources.Objects.json;
import static dev.klite.apiserver.resources.Objects.node;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class FieldsTest {
  @Test
  void readsByDottedPathAndTreatsNullAndWrongTypesAsAbsent() {
    ObjectNode o = json("{'spec':{'n':3,'s':'x','b':true,'nil':null,'list':[{'a':1},2]},'str':'y'}");
    assertThat(Fields.integer(o, "spec.n")).isEqualTo(3L);
    assertThat(Fields.string(o, "spec.s")).isEqualTo("x");
    assertThat(Fields.isTrue(o, "spec.b")).isTrue();
    assertThat(Fields.has(o, "spec.nil")).isFalse();
    assertThat(Fields.string(o, "spec.n")).isNull();
    assertThat(Fields.string(o, "str.deeper", "fallback")).isEqualTo("fallback");
    assertThat(Fields.objects(o, "spec.list")).hasSize(1);
    assertThat(Fields.objects(o, "spec.missing")).isEmpty();
  }

  @Test
  void writesCreateParentsAndDefaultOnlyWhenAbsent() {
    ObjectNode o = Json.object();
    Fields.set(o, "a.b.c", 30L);
    assertThat(Fields.setIfAbsent(o, "a.b.c", 5L)).isFalse();
    assertThat(Fields.setIfAbsent(o, "a.b.d", "v")).isTrue();
    assertThat(o).isEqualTo(json("{'a':{'b':{'c':30,'d':'v'}}}"));
    Fields.remove(o, "a.b.c");
    assertThat(Fields.has(o, "a.b.c")).isFalse();
  }

  @Test
  void equivalenceComparesNumbersByValueAndIgnoresEmptyLists() {
    ObjectNode parsed = json("{'n':30,'l':[]}");
    ObjectNode built = Json.object();
    built.put("n", 30L);
    assertThat(Fields.equivalent(parsed.get("n"), built.get("n"))).isTrue();
    assertThat(Fields.semanticallyEqual(parsed, built)).isTrue();
    assertThat(Fields.semanticallyEqual(node("{'o':{}}"), node("{}"))).isFalse();
  }
}

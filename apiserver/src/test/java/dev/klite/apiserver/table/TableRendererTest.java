package dev.klite.apiserver.table;

import static dev.klite.apiserver.resources.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.BuiltinResources;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class TableRendererTest {
  static final ResourceDefinition PODS = BuiltinResources.all().stream()
      .filter(d -> d.plural().equals("pods")).findFirst().orElseThrow();
  static final ObjectNode POD = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'default',"
      + "'labels':{'app':'x'},'resourceVersion':'7','creationTimestamp':'2024-01-01T00:00:00Z'},"
      + "'spec':{'containers':[{'name':'c','image':'x'}]},'status':{'phase':'Succeeded'}}");
  static final Instant NOW = Instant.parse("2024-01-01T00:00:30Z");

  @Test
  void rendersMetaTableWithPartialObjectMetadataByDefault() {
    ObjectNode table = TableRenderer.render(PODS, List.of(POD), "42", "tok", null, NOW, true);
    assertThat(Fields.string(table, "kind")).isEqualTo("Table");
    assertThat(Fields.string(table, "apiVersion")).isEqualTo("meta.k8s.io/v1");
    assertThat(Fields.string(table, "metadata.resourceVersion")).isEqualTo("42");
    assertThat(Fields.string(table, "metadata.continue")).isEqualTo("tok");
    assertThat(Fields.objects(table, "columnDefinitions")).hasSize(9);
    ObjectNode row = Fields.objects(table, "rows").get(0);
    assertThat(row.get("cells").toString()).isEqualTo(
        "[\"p\",\"0/1\",\"Succeeded\",\"0\",\"30s\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"]");
    assertThat(Fields.string(row, "object.kind")).isEqualTo("PartialObjectMetadata");
    assertThat(Fields.string(row, "object.apiVersion")).isEqualTo("meta.k8s.io/v1");
    assertThat(Fields.object(row, "object.metadata")).isEqualTo(Fields.object(POD, "metadata"));
    assertThat(Fields.has(row, "object.spec")).isFalse();
    assertThat(Fields.objects(row, "conditions")).hasSize(1);
  }

  @Test
  void includeObjectSelectsTheRowObject() {
    ObjectNode full = Fields.objects(TableRenderer.render(PODS, List.of(POD), "1", null, "Object", NOW, true), "rows").get(0);
    assertThat(Fields.object(full, "object")).isEqualTo(POD);
    ObjectNode none = Fields.objects(TableRenderer.render(PODS, List.of(POD), "1", null, "None", NOW, true), "rows").get(0);
    assertThat(none.get("object").isNull()).isTrue();
    assertThatThrownBy(() -> TableRenderer.render(PODS, List.of(POD), "1", null, "Everything", NOW, true))
        .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo(400);
  }

  @Test
  void watchEventsAfterTheFirstOmitColumnDefinitions() {
    ObjectNode table = TableRenderer.render(PODS, List.of(POD), null, null, null, NOW, false);
    assertThat(Fields.array(table, "columnDefinitions")).isEmpty();
    assertThat(Fields.object(table, "metadata")).isEmpty();
  }

  @Test
  void everyBuiltinConvertorHasAsManyCellsAsColumns() {
    ObjectNode empty = json("{'metadata':{'name':'x','creationTimestamp':'2024-01-01T00:00:00Z'}}");
    for (ResourceDefinition def : BuiltinResources.all()) {
      assertThat(def.table().cells(empty, NOW)).as(def.plural()).hasSameSizeAs(def.table().columns());
    }
  }
}

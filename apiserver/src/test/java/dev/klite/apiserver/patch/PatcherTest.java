package dev.klite.apiserver.patch;

import static dev.klite.apiserver.resources.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.BuiltinResources;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class PatcherTest {
  static final ResourceDefinition JOBS = BuiltinResources.all().stream()
      .filter(d -> d.plural().equals("jobs")).findFirst().orElseThrow();
  static final String SMP = Patcher.STRATEGIC_MERGE_PATCH;

  static final String JOB = """
      {'apiVersion':'batch/v1','kind':'Job',
       'metadata':{'name':'hello','labels':{'app':'x','tier':'y'},'finalizers':['a'],
         'ownerReferences':[{'uid':'u1','name':'o1'},{'uid':'u2','name':'o2'}]},
       'spec':{'backoffLimit':6,'template':{'spec':{
         'containers':[
           {'name':'a','image':'busybox','env':[{'name':'FOO','value':'1'},{'name':'BAR','value':'2'}],
            'ports':[{'containerPort':80,'name':'http'}],'volumeMounts':[{'name':'v','mountPath':'/v'}]},
           {'name':'b','image':'alpine'}],
         'volumes':[{'name':'v','emptyDir':{}}],
         'tolerations':[{'key':'k1'}]}}},
       'status':{'conditions':[{'type':'Complete','status':'False'},{'type':'Failed','status':'False'}]}}""";

  static ObjectNode patch(String body, String type) {
    return Patcher.apply(json(JOB), body.replace('\'', '"').getBytes(StandardCharsets.UTF_8), type, JOBS);
  }

  static Stream<Arguments> strategicCases() {
    return Stream.of(
        Arguments.of("kubectl re-apply changing backoffLimit and the annotation",
            "{'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}\\n'}},'spec':{'backoffLimit':3}}",
            "spec.backoffLimit", "3"),
        Arguments.of("kubectl re-apply removing container b and env FOO",
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'a',"
                + "'image':'alpine','$setElementOrder/env':[{'name':'BAR'}],'env':[{'name':'BAR','value':'3'},"
                + "{'name':'FOO','$patch':'delete'}]},{'name':'b','$patch':'delete'}]}}}}",
            "spec.template.spec.containers",
            "[{'name':'a','image':'alpine','env':[{'name':'BAR','value':'3'}],'ports':[{'containerPort':80,'name':'http'}],"
                + "'volumeMounts':[{'name':'v','mountPath':'/v'}]}]"),
        Arguments.of("new container is appended",
            "{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}",
            "spec.template.spec.containers",
            "[{'name':'a','image':'busybox','env':[{'name':'FOO','value':'1'},{'name':'BAR','value':'2'}],"
                + "'ports':[{'containerPort':80,'name':'http'}],'volumeMounts':[{'name':'v','mountPath':'/v'}]},"
                + "{'name':'b','image':'alpine'},{'name':'c','image':'nginx'}]"),
        Arguments.of("setElementOrder reorders containers",
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}}}",
            "spec.template.spec.containers.name", null),
        Arguments.of("null deletes a label", "{'metadata':{'labels':{'tier':null}}}", "metadata.labels", "{'app':'x'}"),
        Arguments.of("finalizers merge as a set", "{'metadata':{'finalizers':['b','a']}}", "metadata.finalizers", "['a','b']"),
        Arguments.of("deleteFromPrimitiveList", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}",
            "metadata.finalizers", "[]"),
        Arguments.of("ownerReferences merge by uid",
            "{'metadata':{'ownerReferences':[{'uid':'u2','name':'renamed'},{'uid':'u1','$patch':'delete'}]}}",
            "metadata.ownerReferences", "[{'uid':'u2','name':'renamed'}]"),
        Arguments.of("conditions merge by type", "{'status':{'conditions':[{'type':'Failed','status':'True'}]}}",
            "status.conditions", "[{'type':'Complete','status':'False'},{'type':'Failed','status':'True'}]"),
        Arguments.of("ports merge by containerPort",
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}}}",
            "spec.template.spec.containers", null),
        Arguments.of("tolerations (no strategy) are replaced",
            "{'spec':{'template':{'spec':{'tolerations':[{'key':'k2'}]}}}}", "spec.template.spec.tolerations",
            "[{'key':'k2'}]"),
        Arguments.of("list $patch replace", "{'metadata':{'ownerReferences':[{'$patch':'replace'},{'uid':'u9'}]}}",
            "metadata.ownerReferences", "[{'uid':'u9'}]"),
        Arguments.of("map $patch replace", "{'metadata':{'labels':{'$patch':'replace','only':'1'}}}", "metadata.labels",
            "{'only':'1'}"),
        Arguments.of("volumes retainKeys swap the source",
            "{'spec':{'template':{'spec':{'volumes':[{'$retainKeys':['configMap','name'],'name':'v','configMap':{'name':'c'}}]}}}}",
            "spec.template.spec.volumes", "[{'name':'v','configMap':{'name':'c'}}]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategicCases")
  void strategicMergePatch(String name, String body, String path, String expected) {
    ObjectNode result = patch(body, SMP);
    if (expected != null) {
      assertThat(dev.klite.apiserver.object.Fields.at(result, path)).isEqualTo(
          dev.klite.apiserver.resources.Objects.node(expected));
    }
    if (name.startsWith("setElementOrder")) {
      assertThat(dev.klite.apiserver.object.Fields.objects(result, "spec.template.spec.containers"))
          .extracting(c -> c.get("name").asString()).containsExactly("b", "a");
    }
    if (name.startsWith("ports")) {
      assertThat(dev.klite.apiserver.object.Fields.objects(result, "spec.template.spec.containers").get(0).get("ports"))
          .isEqualTo(dev.klite.apiserver.resources.Objects.node("[{'containerPort':80,'name':'http','protocol':'TCP'}]"));
    }
  }

  @Test
  void emptyStrategicPatchChangesNothing() {
    assertThat(patch("{}", SMP)).isEqualTo(json(JOB));
  }

  @Test
  void mergePatchReplacesListsAndDeletesNulls() {
    ObjectNode result = patch("{'metadata':{'labels':{'app':null,'new':'1'},'finalizers':['z']}}", Patcher.MERGE_PATCH);
    assertThat(result.at("/metadata/labels")).isEqualTo(json("{'tier':'y','new':'1'}"));
    assertThat(result.at("/metadata/finalizers")).isEqualTo(dev.klite.apiserver.resources.Objects.node("['z']"));
  }

  @Test
  void jsonPatchAppliesOperations() {
    ObjectNode result = patch("[{'op':'replace','path':'/spec/backoffLimit','value':1},"
        + "{'op':'add','path':'/metadata/labels/new','value':'v'},{'op':'remove','path':'/metadata/finalizers'}]",
        Patcher.JSON_PATCH + "; charset=utf-8");
    assertThat(result.at("/spec/backoffLimit").asInt()).isEqualTo(1);
    assertThat(result.at("/metadata/labels/new").asString()).isEqualTo("v");
    assertThat(result.at("/metadata").has("finalizers")).isFalse();
  }

  @Test
  void jsonPatchFailingTestIs422() {
    assertThatThrownBy(() -> patch("[{'op':'test','path':'/spec/backoffLimit','value':5}]", Patcher.JSON_PATCH))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
  }

  @Test
  void malformedBodiesAre400() {
    for (String type : new String[] {SMP, Patcher.MERGE_PATCH, Patcher.JSON_PATCH}) {
      assertThatThrownBy(() -> patch("{not json", type))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
    assertThatThrownBy(() -> patch("[1]", SMP))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> patch("{}", Patcher.JSON_PATCH))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void missingMergeKeyIs422() {
    assertThatThrownBy(() -> patch("{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}", SMP))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.getMessage()).contains("does not contain declared merge key: name");
        });
  }

  @Test
  void unknownMediaTypesAre415() {
    for (String type : new String[] {"application/yaml", "text/plain", null}) {
      assertThatThrownBy(() -> patch("{}", type))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    }
  }

  @Test
  void currentObjectIsNotModified() {
    ObjectNode current = json(JOB);
    Patcher.apply(current, "{\"metadata\":{\"labels\":null}}".getBytes(StandardCharsets.UTF_8), SMP, JOBS);
    assertThat(current).isEqualTo(json(JOB));
  }

  @Test
  void serverSideApplyMergesTheAppliedConfigurationByMergeKeys() {
    ObjectNode result = patch("{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'hello','labels':{'new':'1'}},"
        + "'spec':{'backoffLimit':2,'template':{'spec':{'containers':[{'name':'b','image':'alpine:3'}]}}}}",
        Patcher.APPLY_PATCH);
    assertThat(result.at("/spec/backoffLimit").asInt()).isEqualTo(2);
    assertThat(result.at("/metadata/labels")).isEqualTo(json("{'app':'x','tier':'y','new':'1'}"));
    assertThat(result.at("/spec/template/spec/containers/1/image").asString()).isEqualTo("alpine:3");
    assertThat(result.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("busybox");
  }

  @Test
  void serverSideApplyAcceptsYamlAndCreatesWhenAbsent() {
    byte[] yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: '1'\n"
        .getBytes(StandardCharsets.UTF_8);
    ObjectNode created = Patcher.apply(null, yaml, Patcher.APPLY_PATCH, JOBS);
    assertThat(created).isEqualTo(json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}"));
    assertThatThrownBy(() -> Patcher.apply(null, "- a".getBytes(StandardCharsets.UTF_8), Patcher.APPLY_PATCH, JOBS))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
  }
}

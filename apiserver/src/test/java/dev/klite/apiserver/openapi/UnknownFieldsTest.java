package dev.klite.apiserver.openapi;

import static dev.klite.apiserver.resources.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
  @Test
  void validJobHasNoUnknownFields() {
    assertThat(UnknownFields.find(json("""
        {'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'x','labels':{'any-key':'v'},
          'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'}},
         'spec':{'backoffLimit':1,'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'i',
           'resources':{'limits':{'cpu':'1','memory':512}},'ports':[{'containerPort':80}],
           'livenessProbe':{'httpGet':{'port':'http','path':'/'}}}]}}},
         'status':{'conditions':[{'type':'Complete','status':'True'}]}}"""), Job.class)).isEmpty();
  }

  @Test
  void reportsUnknownFieldsWithUpstreamPaths() {
    List<String> unknown = UnknownFields.find(json("""
        {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','nmae':'x'},
         'spec':{'foo':1,'containers':[{'name':'a','image':'i'},{'name':'b','imagee':'i'}]}}"""), Pod.class);
    assertThat(unknown).containsExactlyInAnyOrder("metadata.nmae", "spec.foo", "spec.containers[1].imagee");
    assertThat(UnknownFields.message(List.of("spec.foo", "spec.bar")))
        .isEqualTo("strict decoding error: unknown field \"spec.foo\", unknown field \"spec.bar\"");
  }

  @Test
  void mapFieldsAcceptAnyKey() {
    assertThat(UnknownFields.find(json("{'data':{'anything':'x'},'binaryData':{'b':'eA=='},'immutable':true}"),
        ConfigMap.class)).isEmpty();
  }
}

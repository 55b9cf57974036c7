package dev.klite.apiserver.resources.core;

import static dev.klite.apiserver.resources.Objects.json;
import static dev.klite.apiserver.resources.Objects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.coordination.LeaseStrategy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class MoreKindsTest {
  @Test
  void serviceClusterIpIsKeptOnPutAndMayNotChange() {
    ServiceStrategy s = new ServiceStrategy();
    ObjectNode old = json("{'metadata':{'name':'web','namespace':'d','uid':'u'},'spec':{'ports':[{'port':80}]}}");
    s.prepareForCreate(old);
    ObjectNode put = json("{'metadata':{'name':'web','namespace':'d'},'spec':{'ports':[{'port':81}]}}");
    s.prepareForUpdate(put, old);
    assertThat(Fields.string(put, "spec.clusterIP")).isEqualTo(Fields.string(old, "spec.clusterIP"));
    assertThat(s.validateUpdate(put, old)).isEmpty();
    Fields.set(put, "spec.clusterIP", "10.96.9.9");
    assertThat(lines(s.validateUpdate(put, old))).singleElement()
        .satisfies(l -> assertThat(l).startsWith("spec.clusterIPs[0]: Invalid value: ").endsWith("may not change once set"));
  }

  @Test
  void servicePortsAreRequiredAndNamedWhenSeveral() {
    ServiceStrategy s = new ServiceStrategy();
    ObjectNode none = json("{'metadata':{'name':'web','namespace':'d'},'spec':{}}");
    s.prepareForCreate(none);
    assertThat(lines(s.validate(none))).containsExactly("spec.ports: Required value");
    ObjectNode two = json("{'metadata':{'name':'web','namespace':'d'},'spec':{'ports':[{'port':80},{'port':70000,'name':'b'}]}}");
    s.prepareForCreate(two);
    assertThat(lines(s.validate(two))).containsExactly("spec.ports[0].name: Required value",
        "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive");
  }

  @Test
  void headlessServiceNeedsNoPorts() {
    ServiceStrategy s = new ServiceStrategy();
    ObjectNode svc = json("{'metadata':{'name':'db','namespace':'d'},'spec':{'clusterIP':'None','selector':{'a':'b'}}}");
    s.prepareForCreate(svc);
    assertThat(s.validate(svc)).isEmpty();
    assertThat(Fields.strings(svc, "spec.clusterIPs")).containsExactly("None");
  }

  @Test
  void leaseDurationMustBePositive() {
    ObjectNode lease = json("{'metadata':{'name':'n1','namespace':'kube-node-lease'},'spec':{'leaseDurationSeconds':0}}");
    assertThat(lines(new LeaseStrategy().validate(lease)))
        .containsExactly("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
  }

  @Test
  void resourceQuotaKeepsStatusOnUpdateAndRejectsNegativeHardLimits() {
    var s = SimpleKinds.resourceQuotas();
    ObjectNode old = json("{'metadata':{'name':'q','namespace':'d'},'spec':{'hard':{'pods':'10'}},'status':{'used':{'pods':'1'}}}");
    ObjectNode put = json("{'metadata':{'name':'q','namespace':'d'},'spec':{'hard':{'pods':'-1'}}}");
    s.prepareForUpdate(put, old);
    assertThat(Fields.string(put, "status.used.pods")).isEqualTo("1");
    assertThat(lines(s.validateUpdate(put, old)))
        .containsExactly("spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0");
  }
}

package dev.klite.apiserver.resources.core;

import static dev.klite.apiserver.resources.Objects.json;
import static dev.klite.apiserver.resources.Objects.lines;
import static dev.klite.apiserver.resources.Objects.node;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.object.Fields;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class PodStrategyTest {
  private final PodStrategy strategy = new PodStrategy();

  static ObjectNode pod() {
    return json("""
        {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'default','uid':'u'},
         'spec':{'containers':[{'name':'main','image':'busybox:1.36'}]},
         'status':{'phase':'Running'}}""");
  }

  static ObjectNode created() {
    ObjectNode pod = pod();
    new PodStrategy().prepareForCreate(pod);
    return pod;
  }

  @Test
  void createAppliesApiServerAndAdmissionDefaults() {
    ObjectNode pod = created();
    assertThat(Fields.object(pod, "spec")).isEqualTo(json("""
        {'containers':[{'name':'main','image':'busybox:1.36','terminationMessagePath':'/dev/termination-log',
           'terminationMessagePolicy':'File','imagePullPolicy':'IfNotPresent','resources':{}}],
         'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',
         'securityContext':{},'schedulerName':'default-scheduler','enableServiceLinks':true,
         'serviceAccountName':'default','serviceAccount':'default','priority':0,
         'preemptionPolicy':'PreemptLowerPriority',
         'tolerations':[
           {'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300},
           {'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]}"""));
    assertThat(Fields.object(pod, "status")).isEqualTo(json("{'phase':'Pending','qosClass':'BestEffort'}"));
  }

  @ParameterizedTest
  @CsvSource({"busybox, Always", "busybox:latest, Always", "busybox:1.36, IfNotPresent",
      "registry:5000/busybox, Always", "registry:5000/busybox:1, IfNotPresent", "busybox@sha256:abc, IfNotPresent"})
  void imagePullPolicyFollowsTheTag(String image, String expected) {
    assertThat(PodSpecDefaults.pullPolicyFor(image)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}|BestEffort",
      "{'limits':{'cpu':'1','memory':'1Gi'}}|Guaranteed",
      "{'requests':{'cpu':'1'}}|Burstable"})
  void qosClassFromResources(String resources, String expected) {
    ObjectNode pod = pod();
    Fields.objects(pod, "spec.containers").get(0).set("resources", json(resources));
    strategy.prepareForCreate(pod);
    assertThat(Fields.string(pod, "status.qosClass")).isEqualTo(expected);
  }

  @Test
  void existingTolerationIsNotDuplicated() {
    ObjectNode pod = pod();
    Fields.set(pod, "spec.tolerations",
        node("[{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':5}]"));
    strategy.prepareForCreate(pod);
    assertThat(Fields.objects(pod, "spec.tolerations")).hasSize(2);
  }

  static Stream<Arguments> invalidPods() {
    return Stream.of(
        Arguments.of("no containers", (Consumer<ObjectNode>) p -> Fields.set(p, "spec.containers", node("[]")),
            "spec.containers: Required value"),
        Arguments.of("duplicate container names", (Consumer<ObjectNode>) p -> Fields.set(p, "spec.containers",
            node("[{'name':'a','image':'x'},{'name':'a','image':'y'}]")),
            "spec.containers[1].name: Duplicate value: \"a\""),
        Arguments.of("empty image", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0).put("image", ""),
            "spec.containers[0].image: Required value"),
        Arguments.of("bad restartPolicy", (Consumer<ObjectNode>) p -> Fields.set(p, "spec.restartPolicy", "Maybe"),
            "spec.restartPolicy: Unsupported value: \"Maybe\": supported values: \"Always\", \"OnFailure\", \"Never\""),
        Arguments.of("mount without volume", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0)
            .set("volumeMounts", node("[{'name':'v','mountPath':'/v'}]")),
            "spec.containers[0].volumeMounts[0].name: Not found: \"v\""),
        Arguments.of("name too long", (Consumer<ObjectNode>) p -> Fields.set(p, "metadata.name", "a".repeat(254)),
            "metadata.name: Invalid value: \"" + "a".repeat(254) + "\": must be no more than 253 characters"),
        Arguments.of("hostname not a DNS label", (Consumer<ObjectNode>) p -> Fields.set(p, "spec.hostname", "a.b"),
            "spec.hostname: Invalid value: \"a.b\": must not contain dots"),
        Arguments.of("bad nodeSelector value", (Consumer<ObjectNode>) p -> Fields.set(p, "spec.nodeSelector",
            json("{'disk':'-ssd'}")), "spec.nodeSelector: Invalid value: \"-ssd\": a valid label must be an empty "
                + "string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        Arguments.of("two probe handlers", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0)
            .set("livenessProbe", json("{'exec':{'command':['true']},'grpc':{'port':5000}}")),
            "spec.containers[0].livenessProbe.grpc: Forbidden: may not specify more than 1 handler type"),
        Arguments.of("no probe handler", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0)
            .set("readinessProbe", json("{'periodSeconds':1}")),
            "spec.containers[0].readinessProbe: Required value: must specify a handler type"),
        Arguments.of("grpc probe without port", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0)
            .set("startupProbe", json("{'grpc':{'service':'x'}}")),
            "spec.containers[0].startupProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive"),
        Arguments.of("grpc probe port too high", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers")
            .get(0).set("livenessProbe", json("{'grpc':{'port':65536}}")),
            "spec.containers[0].livenessProbe.grpc.port: Invalid value: 65536: must be between 1 and 65535, inclusive"),
        Arguments.of("missing name", (Consumer<ObjectNode>) p -> Fields.remove(p, "metadata.name"),
            "metadata.name: Required value: name or generateName is required"),
        Arguments.of("bad label key", (Consumer<ObjectNode>) p -> Fields.set(p, "metadata.labels", json("{'-x':'1'}")),
            "metadata.labels: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or "
                + "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                + "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPods")
  void rejectsInvalidPods(String name, Consumer<ObjectNode> change, String expected) {
    ObjectNode pod = pod();
    change.accept(pod);
    strategy.prepareForCreate(pod);
    assertThat(lines(strategy.validate(pod))).contains(expected);
  }

  @Test
  void grpcProbesWithAPortAreValid() {
    ObjectNode pod = pod();
    ObjectNode c = Fields.objects(pod, "spec.containers").get(0);
    c.set("livenessProbe", json("{'grpc':{'port':5000},'periodSeconds':1}"));
    c.set("readinessProbe", json("{'grpc':{'port':65535,'service':'app'}}"));
    c.set("startupProbe", json("{'grpc':{'port':1,'service':null}}"));
    strategy.prepareForCreate(pod);
    assertThat(lines(strategy.validate(pod))).isEmpty();
  }

  @Test
  void volumesAndMountsThatMatchAreValid() {
    ObjectNode pod = pod();
    Fields.set(pod, "spec.volumes", node("[{'name':'v'}]"));
    Fields.objects(pod, "spec.containers").get(0).set("volumeMounts", node("[{'name':'v','mountPath':'/v'}]"));
    strategy.prepareForCreate(pod);
    assertThat(strategy.validate(pod)).isEmpty();
    assertThat(Fields.objects(pod, "spec.volumes").get(0).has("emptyDir")).isTrue();
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of("image may change",
            (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0).put("image", "busybox:2"), true),
        Arguments.of("activeDeadlineSeconds may be set",
            (Consumer<ObjectNode>) p -> Fields.set(p, "spec.activeDeadlineSeconds", 30L), true),
        Arguments.of("tolerations may be added", (Consumer<ObjectNode>) p -> Fields.ensureArray(p, "spec.tolerations")
            .add(json("{'key':'k','operator':'Exists'}")), true),
        Arguments.of("labels may change", (Consumer<ObjectNode>) p -> Fields.set(p, "metadata.labels", json("{'a':'b'}")), true),
        Arguments.of("restartPolicy may not change",
            (Consumer<ObjectNode>) p -> Fields.set(p, "spec.restartPolicy", "Never"), false),
        Arguments.of("command may not change", (Consumer<ObjectNode>) p -> Fields.objects(p, "spec.containers").get(0)
            .set("command", node("['sh']")), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void specIsImmutableExceptUpstreamsAllowances(String name, Consumer<ObjectNode> change, boolean allowed) {
    ObjectNode old = created();
    ObjectNode updated = old.deepCopy();
    change.accept(updated);
    strategy.prepareForUpdate(updated, old);
    var result = lines(strategy.validateUpdate(updated, old));
    if (allowed) {
      assertThat(result).isEmpty();
    } else {
      assertThat(result).singleElement().satisfies(l -> assertThat(l).startsWith(
          "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"));
    }
  }

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "node1, Running, null, 30", "node1, Running, 5, 5", "'', Pending, null, 0",
      "node1, Succeeded, 10, 0", "node1, Running, -3, 1"})
  void gracePeriodOfDelete(String nodeName, String phase, Long requested, long expected) {
    ObjectNode pod = created();
    Fields.set(pod, "spec.nodeName", nodeName);
    Fields.set(pod, "status.phase", phase);
    assertThat(strategy.deletionGracePeriodSeconds(pod, requested)).hasValue(expected);
  }

  @Test
  void requestsAboveLimitsAndNegativeQuantitiesAreInvalid() {
    ObjectNode pod = pod();
    Fields.objects(pod, "spec.containers").get(0).set("resources",
        json("{'limits':{'cpu':'500m'},'requests':{'cpu':'1','memory':'-1Mi'}}"));
    strategy.prepareForCreate(pod);
    assertThat(lines(strategy.validate(pod))).containsExactlyInAnyOrder(
        "spec.containers[0].resources.requests[cpu]: Invalid value: \"1\": must be less than or equal to cpu limit of 500m",
        "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Mi\": must be greater than or equal to 0");
  }

  @Test
  void malformedQuantityFailsDecodingWith400() {
    ObjectNode pod = pod();
    Fields.objects(pod, "spec.containers").get(0).set("resources", json("{'limits':{'memory':'lots'}}"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> strategy.prepareForCreate(pod))
        .isInstanceOfSatisfying(dev.klite.apiserver.errors.ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).startsWith("Pod in version \"v1\" cannot be handled as a Pod: quantities must match");
        });
  }

  @Test
  void guaranteedWhenRequestsEqualLimitsInDifferentUnits() {
    ObjectNode pod = pod();
    Fields.objects(pod, "spec.containers").get(0).set("resources",
        json("{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'1000m','memory':'1024Mi'}}"));
    strategy.prepareForCreate(pod);
    assertThat(Fields.string(pod, "status.qosClass")).isEqualTo("Guaranteed");
  }

  @Test
  void putWithoutAdmissionFieldsKeepsPriorityAndIsAllowed() {
    ObjectNode old = created();
    ObjectNode put = old.deepCopy();
    Fields.remove(put, "spec.priority");
    Fields.remove(put, "spec.preemptionPolicy");
    Fields.remove(put, "spec.serviceAccount");
    Fields.remove(put, "spec.tolerations");
    strategy.prepareForUpdate(put, old);
    assertThat(Fields.integer(put, "spec.priority")).isEqualTo(0L);
    assertThat(Fields.string(put, "spec.serviceAccount")).isEqualTo("default");
    assertThat(strategy.validateUpdate(put, old)).isEmpty();
  }
}

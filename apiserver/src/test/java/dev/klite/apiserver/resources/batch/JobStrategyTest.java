package dev.klite.apiserver.resources.batch;

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
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class JobStrategyTest {
  private final JobStrategy strategy = new JobStrategy();

  static ObjectNode job() {
    return json("""
        {'apiVersion':'batch/v1','kind':'Job',
         'metadata':{'name':'hello','namespace':'default','uid':'u-1'},
         'spec':{'template':{'spec':{'restartPolicy':'Never',
           'containers':[{'name':'main','image':'busybox'}]}}},
         'status':{'active':3}}""");
  }

  static ObjectNode created() {
    ObjectNode job = job();
    new JobStrategy().prepareForCreate(job);
    return job;
  }

  @Test
  void createDefaultsSpecLikeARealCluster() {
    ObjectNode job = created();
    assertThat(Fields.object(job, "spec")).isEqualTo(json("""
        {'template':{'metadata':{'labels':{'job-name':'hello','batch.kubernetes.io/job-name':'hello',
             'controller-uid':'u-1','batch.kubernetes.io/controller-uid':'u-1'}},
           'spec':{'restartPolicy':'Never','containers':[{'name':'main','image':'busybox',
             'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',
             'imagePullPolicy':'Always','resources':{}}],
             'dnsPolicy':'ClusterFirst','terminationGracePeriodSeconds':30,'securityContext':{},
             'schedulerName':'default-scheduler'}},
         'completions':1,'parallelism':1,'backoffLimit':6,'completionMode':'NonIndexed','suspend':false,
         'podReplacementPolicy':'TerminatingOrFailed','manualSelector':false,
         'selector':{'matchLabels':{'batch.kubernetes.io/controller-uid':'u-1'}}}"""));
    assertThat(Fields.object(job, "status")).isEmpty();
    assertThat(Fields.integer(job, "metadata.generation")).isEqualTo(1L);
  }

  @Test
  void unlabelledJobGetsTheTemplateLabels() {
    assertThat(Fields.stringMap(created(), "metadata.labels")).containsOnlyKeys(
        "job-name", "batch.kubernetes.io/job-name", "controller-uid", "batch.kubernetes.io/controller-uid");
  }

  @Test
  void labelledJobKeepsItsOwnLabels() {
    ObjectNode job = job();
    Fields.ensureObject(job, "metadata.labels").put("app", "x");
    strategy.prepareForCreate(job);
    assertThat(Fields.stringMap(job, "metadata.labels")).containsOnlyKeys("app");
  }

  @Test
  void manualSelectorIsNotGenerated() {
    ObjectNode job = job();
    Fields.set(job, "spec.manualSelector", true);
    Fields.set(job, "spec.selector", json("{'matchLabels':{'app':'x'}}"));
    Fields.set(job, "spec.template.metadata", json("{'labels':{'app':'x'}}"));
    strategy.prepareForCreate(job);
    assertThat(Fields.stringMap(job, "spec.selector.matchLabels")).containsOnlyKeys("app");
    assertThat(strategy.validate(job)).isEmpty();
  }

  @Test
  void parallelismOnlyLeavesCompletionsUnset() {
    ObjectNode job = job();
    Fields.set(job, "spec.parallelism", 3L);
    strategy.prepareForCreate(job);
    assertThat(Fields.has(job, "spec.completions")).isFalse();
    assertThat(Fields.integer(job, "spec.parallelism")).isEqualTo(3L);
  }

  @Test
  void podFailurePolicyDefaultsReplacementPolicyToFailed() {
    ObjectNode job = job();
    Fields.set(job, "spec.podFailurePolicy", json("{'rules':[{'action':'FailJob','onPodConditions':[{'type':'DisruptionTarget'}]}]}"));
    strategy.prepareForCreate(job);
    assertThat(Fields.string(job, "spec.podReplacementPolicy")).isEqualTo("Failed");
    assertThat(Fields.objects(job, "spec.podFailurePolicy.rules").get(0).toString()).contains("\"status\":\"True\"");
    assertThat(strategy.validate(job)).isEmpty();
  }

  @Test
  void createdJobIsValid() {
    assertThat(strategy.validate(created())).isEmpty();
  }

  static Stream<Arguments> invalidJobs() {
    return Stream.of(
        Arguments.of("restartPolicy omitted (defaulted to Always)",
            (Consumer<ObjectNode>) j -> Fields.remove(j, "spec.template.spec.restartPolicy"),
            "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""),
        Arguments.of("restartPolicy unknown",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.template.spec.restartPolicy", "Sometimes"),
            "spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\""),
        Arguments.of("no containers",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.template.spec.containers", node("[]")),
            "spec.template.spec.containers: Required value"),
        Arguments.of("container without image",
            (Consumer<ObjectNode>) j -> Fields.objects(j, "spec.template.spec.containers").get(0).remove("image"),
            "spec.template.spec.containers[0].image: Required value"),
        Arguments.of("container name not a DNS label",
            (Consumer<ObjectNode>) j -> Fields.objects(j, "spec.template.spec.containers").get(0).put("name", "Main"),
            "spec.template.spec.containers[0].name: Invalid value: \"Main\": a lowercase RFC 1123 label must consist "
                + "of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
        Arguments.of("negative backoffLimit",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.backoffLimit", -1L),
            "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"),
        Arguments.of("negative parallelism",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.parallelism", -2L),
            "spec.parallelism: Invalid value: -2: must be greater than or equal to 0"),
        Arguments.of("name not a subdomain",
            (Consumer<ObjectNode>) j -> Fields.set(j, "metadata.name", "Hello_"),
            "metadata.name: Invalid value: \"Hello_\": a lowercase RFC 1123 subdomain must consist of lower case "
                + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
                + "'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
        Arguments.of("bad completionMode",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.completionMode", "Sequential"),
            "spec.completionMode: Unsupported value: \"Sequential\": supported values: \"NonIndexed\", \"Indexed\""),
        Arguments.of("Indexed without completions",
            (Consumer<ObjectNode>) j -> {
              Fields.set(j, "spec.completionMode", "Indexed");
              Fields.set(j, "spec.parallelism", 2L);
            },
            "spec.completions: Required value: when completion mode is Indexed"),
        Arguments.of("backoffLimitPerIndex on NonIndexed",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.backoffLimitPerIndex", 1L),
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"),
        Arguments.of("template label tampered",
            (Consumer<ObjectNode>) j -> Fields.ensureObject(j, "spec.template.metadata.labels").put("job-name", "other"),
            "spec.template.metadata.labels[job-name]: Invalid value: "),
        Arguments.of("label value too long",
            (Consumer<ObjectNode>) j -> Fields.ensureObject(j, "metadata.labels").put("app", "x".repeat(64)),
            "metadata.labels: Invalid value: \"" + "x".repeat(64) + "\": must be no more than 63 characters"),
        Arguments.of("podFailurePolicy exit codes of an unknown container",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.podFailurePolicy", json("{'rules':[{'action':'FailJob',"
                + "'onExitCodes':{'containerName':'nope','operator':'In','values':[1,2]}}]}")),
            "spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: \"nope\": must be one of the "
                + "container or initContainer names in the pod template"),
        Arguments.of("podFailurePolicy exit code 0 with In",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.podFailurePolicy", json("{'rules':[{'action':'Ignore',"
                + "'onExitCodes':{'operator':'In','values':[0]}}]}")),
            "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"),
        Arguments.of("podFailurePolicy with both matchers",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.podFailurePolicy", json("{'rules':[{'action':'Ignore',"
                + "'onExitCodes':{'operator':'In','values':[1]},'onPodConditions':[{'type':'DisruptionTarget'}]}]}")),
            "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"),
        Arguments.of("podFailurePolicy unknown action",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.podFailurePolicy", json("{'rules':[{'action':'Retry',"
                + "'onPodConditions':[{'type':'DisruptionTarget'}]}]}")),
            "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", "
                + "\"FailIndex\", \"FailJob\", \"Ignore\""),
        Arguments.of("mount of an undeclared volume",
            (Consumer<ObjectNode>) j -> Fields.objects(j, "spec.template.spec.containers").get(0)
                .set("volumeMounts", node("[{'name':'data','mountPath':'/data'}]")),
            "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJobs")
  void rejectsWithUpstreamFieldPathAndMessage(String name, Consumer<ObjectNode> change, String expected) {
    ObjectNode job = job();
    change.accept(job);
    strategy.prepareForCreate(job);
    assertThat(lines(strategy.validate(job))).anySatisfy(l -> assertThat(l).startsWith(expected));
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        Arguments.of("parallelism is mutable", (Consumer<ObjectNode>) j -> Fields.set(j, "spec.parallelism", 5L), null),
        Arguments.of("suspend is mutable", (Consumer<ObjectNode>) j -> Fields.set(j, "spec.suspend", true), null),
        Arguments.of("backoffLimit is mutable", (Consumer<ObjectNode>) j -> Fields.set(j, "spec.backoffLimit", 1L), null),
        Arguments.of("completions is immutable", (Consumer<ObjectNode>) j -> Fields.set(j, "spec.completions", 4L),
            "spec.completions: Invalid value: 4: field is immutable"),
        Arguments.of("completionMode is immutable",
            (Consumer<ObjectNode>) j -> Fields.set(j, "spec.completionMode", "Indexed"),
            "spec.completionMode: Invalid value: \"Indexed\": field is immutable"),
        Arguments.of("template image is immutable",
            (Consumer<ObjectNode>) j -> Fields.objects(j, "spec.template.spec.containers").get(0).put("image", "alpine"),
            "spec.template: Invalid value: "),
        Arguments.of("selector is immutable",
            (Consumer<ObjectNode>) j -> Fields.ensureObject(j, "spec.selector.matchLabels").put("job-name", "hello"),
            "spec.selector: Invalid value: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void updateRules(String name, Consumer<ObjectNode> change, String expected) {
    ObjectNode old = created();
    ObjectNode updated = old.deepCopy();
    change.accept(updated);
    strategy.prepareForUpdate(updated, old);
    var result = lines(strategy.validateUpdate(updated, old));
    if (expected == null) {
      assertThat(result).isEmpty();
    } else {
      assertThat(result).anySatisfy(l -> assertThat(l).startsWith(expected).contains("field is immutable"));
    }
  }

  @Test
  void suspendedNeverStartedJobMayChangeSchedulingDirectives() {
    ObjectNode old = created();
    Fields.set(old, "spec.suspend", true);
    ObjectNode updated = old.deepCopy();
    Fields.set(updated, "spec.template.spec.nodeSelector", json("{'disk':'ssd'}"));
    assertThat(strategy.validateUpdate(updated, old)).isEmpty();
    Fields.set(old, "status.startTime", "2024-01-01T00:00:00Z");
    assertThat(lines(strategy.validateUpdate(updated, old))).anySatisfy(l -> assertThat(l).startsWith("spec.template:"));
  }

  @Test
  void updateKeepsStatusAndSpecChangeBumpsGeneration() {
    ObjectNode old = created();
    Fields.set(old, "status.active", 1L);
    ObjectNode updated = old.deepCopy();
    Fields.set(updated, "status.active", 9L);
    Fields.set(updated, "spec.parallelism", 2L);
    strategy.prepareForUpdate(updated, old);
    assertThat(Fields.integer(updated, "status.active")).isEqualTo(1L);
    assertThat(strategy.generationChanged(updated, old)).isTrue();
    assertThat(strategy.generationChanged(old.deepCopy(), old)).isFalse();
  }

  @Test
  void statusUpdateKeepsSpecButTakesLabels() {
    ObjectNode old = created();
    ObjectNode updated = old.deepCopy();
    Fields.set(updated, "spec.parallelism", 7L);
    Fields.ensureObject(updated, "metadata.labels").put("sneaky", "x");
    Fields.set(updated, "status.active", 1L);
    strategy.prepareForStatusUpdate(updated, old);
    assertThat(Fields.integer(updated, "spec.parallelism")).isEqualTo(1L);
    // jobStatusStrategy.PrepareForUpdate only restores the spec: metadata changes are kept.
    assertThat(Fields.stringMap(updated, "metadata.labels")).containsEntry("sneaky", "x");
    assertThat(Fields.integer(updated, "status.active")).isEqualTo(1L);
  }

  static Stream<Arguments> statusUpdates() {
    String start = "'startTime':'2024-01-01T00:00:00Z'";
    return Stream.of(
        Arguments.of("Complete with SuccessCriteriaMet and completionTime",
            "{" + start + ",'completionTime':'2024-01-01T00:01:00Z','succeeded':1,'conditions':["
                + "{'type':'SuccessCriteriaMet','status':'True'},{'type':'Complete','status':'True'}]}", null),
        Arguments.of("Complete without SuccessCriteriaMet",
            "{" + start + ",'completionTime':'2024-01-01T00:01:00Z','conditions':[{'type':'Complete','status':'True'}]}",
            "status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition"),
        Arguments.of("Failed without FailureTarget",
            "{" + start + ",'conditions':[{'type':'Failed','status':'True'}]}",
            "status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition"),
        Arguments.of("Complete without completionTime",
            "{" + start + ",'conditions':[{'type':'SuccessCriteriaMet','status':'True'},{'type':'Complete','status':'True'}]}",
            "status.completionTime: Required value: completionTime is required for Complete jobs"),
        Arguments.of("completionTime before startTime",
            "{" + start + ",'completionTime':'2023-01-01T00:00:00Z','conditions':[{'type':'SuccessCriteriaMet','status':'True'},"
                + "{'type':'Complete','status':'True'}]}",
            "status.completionTime: Invalid value: completionTime cannot be set before startTime"),
        Arguments.of("negative active", "{'active':-1}", "status.active: Invalid value: -1: must be greater than or equal to 0"),
        Arguments.of("more ready than active", "{'active':1,'ready':2}",
            "status.ready: Invalid value: cannot set more ready pods than active"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statusUpdates")
  void statusRules(String name, String status, String expected) {
    ObjectNode old = created();
    ObjectNode updated = old.deepCopy();
    updated.set("status", json(status));
    var result = lines(strategy.validateStatusUpdate(updated, old));
    if (expected == null) {
      assertThat(result).isEmpty();
    } else {
      assertThat(result).contains(expected);
    }
  }

  @Test
  void counterMayNotDecrease() {
    ObjectNode old = created();
    Fields.set(old, "status.failed", 2L);
    ObjectNode updated = old.deepCopy();
    Fields.set(updated, "status.failed", 1L);
    assertThat(lines(strategy.validateStatusUpdate(updated, old)))
        .contains("status.failed: Invalid value: cannot decrease the failed counter");
  }

  @Test
  void warnsWhenNameIsNotADnsLabel() {
    ObjectNode job = job();
    Fields.set(job, "metadata.name", "a.b");
    assertThat(strategy.warningsOnCreate(job)).containsExactly("metadata.name: this is used in Pod names and "
        + "hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]");
    assertThat(strategy.warningsOnCreate(job())).isEmpty();
  }

  @Test
  void deleteWithoutPolicyOrphansWithUpstreamWarning() {
    assertThat(strategy.defaultPropagationPolicy()).isEqualTo("Orphan");
    assertThat(strategy.defaultPropagationWarnings()).containsExactly("child pods are preserved by default when "
        + "jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to "
        + "suppress this warning");
  }
}

package dev.klite.apiserver.resources.batch;

import dev.klite.apiserver.errors.StatusCause;
import dev.klite.apiserver.object.Fields;
import dev.klite.apiserver.resources.common.Causes;
import dev.klite.apiserver.resources.common.LabelSelectors;
import dev.klite.apiserver.resources.common.MetadataValidation;
import dev.klite.apiserver.resources.common.NameRules;
import dev.klite.apiserver.resources.core.PodSpecValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * JobSpec validation shared by Jobs and CronJob job templates
 * (pkg/apis/batch/validation/validation.go validateJobSpec, validatePodFailurePolicy,
 * validateSuccessPolicy), with upstream's field paths and messages.
 */
public final class JobSpecValidation {
  private JobSpecValidation() {}

  static final List<String> COMPLETION_MODES = List.of("NonIndexed", "Indexed");
  static final List<String> JOB_RESTART_POLICIES = List.of("OnFailure", "Never");
  static final List<String> FAILURE_ACTIONS = List.of("Count", "FailIndex", "FailJob", "Ignore");
  static final int MAX_PARALLELISM_FOR_INDEXED = 100_000;
  static final int MAX_RULES = 20;

  /**
   * @param p the path of the spec, {@code spec} or {@code spec.jobTemplate.spec}
   * @param requireSelector false for CronJob templates (the selector is generated per Job)
   */
  public static List<StatusCause> validate(ObjectNode spec, String p, boolean requireSelector) {
    List<StatusCause> causes = new ArrayList<>();
    for (String n : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
        "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")) {
      Long v = Fields.integer(spec, n);
      if (v != null && v < 0) causes.add(Causes.invalid(p + "." + n, v, "must be greater than or equal to 0"));
    }
    ObjectNode selector = Fields.object(spec, "selector");
    Map<String, String> templateLabels = Fields.stringMap(spec, "template.metadata.labels");
    if (requireSelector) {
      if (selector == null) {
        causes.add(StatusCause.required(p + ".selector"));
      } else {
        causes.addAll(LabelSelectors.validate(selector, p + ".selector"));
        if (!LabelSelectors.matches(selector, templateLabels)) {
          causes.add(Causes.invalid(p + ".template.metadata.labels", Fields.object(spec, "template.metadata.labels"),
              "`selector` does not match template `labels`"));
        }
      }
    }
    completion(spec, p, causes);
    podFailurePolicy(spec, p, causes);
    String replacement = Fields.string(spec, "podReplacementPolicy");
    if (replacement != null) {
      List<String> allowed = Fields.has(spec, "podFailurePolicy") ? List.of("Failed") : List.of("Failed", "TerminatingOrFailed");
      if (!allowed.contains(replacement)) {
        causes.add(StatusCause.notSupported(p + ".podReplacementPolicy", replacement, allowed));
      }
    }
    if (Fields.has(spec, "successPolicy") && !"Indexed".equals(Fields.string(spec, "completionMode"))) {
      causes.add(Causes.invalid(p + ".successPolicy", Fields.object(spec, "successPolicy"), "requires indexed completion mode"));
    } else if (Fields.has(spec, "successPolicy") && Fields.objects(spec, "successPolicy.rules").isEmpty()) {
      causes.add(Causes.required(p + ".successPolicy.rules",
          "at least one rules must be specified when the successPolicy is specified"));
    }
    template(spec, p, causes);
    return causes;
  }

  private static void completion(ObjectNode spec, String p, List<StatusCause> causes) {
    String mode = Fields.string(spec, "completionMode");
    boolean indexed = "Indexed".equals(mode);
    if (mode != null && !COMPLETION_MODES.contains(mode)) {
      causes.add(StatusCause.notSupported(p + ".completionMode", mode, COMPLETION_MODES));
    }
    Long completions = Fields.integer(spec, "completions");
    Long parallelism = Fields.integer(spec, "parallelism");
    if (indexed) {
      if (completions == null) causes.add(Causes.required(p + ".completions", "when completion mode is Indexed"));
      if (parallelism != null && parallelism > MAX_PARALLELISM_FOR_INDEXED) {
        causes.add(Causes.invalid(p + ".parallelism", parallelism,
            "must be less than or equal to 100000 when completion mode is Indexed"));
      }
    }
    Long perIndex = Fields.integer(spec, "backoffLimitPerIndex");
    Long maxFailed = Fields.integer(spec, "maxFailedIndexes");
    if (!indexed) {
      if (perIndex != null) {
        causes.add(Causes.invalid(p + ".backoffLimitPerIndex", perIndex, "requires indexed completion mode"));
      }
      if (maxFailed != null) {
        causes.add(Causes.invalid(p + ".maxFailedIndexes", maxFailed, "requires indexed completion mode"));
      }
    } else if (maxFailed != null) {
      if (perIndex == null) {
        causes.add(Causes.required(p + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
      }
      if (completions != null && maxFailed > completions) {
        causes.add(Causes.invalid(p + ".maxFailedIndexes", maxFailed, "must be less than or equal to completions"));
      }
      if (maxFailed > MAX_PARALLELISM_FOR_INDEXED) {
        causes.add(Causes.invalid(p + ".maxFailedIndexes", maxFailed, "must be less than or equal to 100000"));
      }
    }
  }

  private static void podFailurePolicy(ObjectNode spec, String p, List<StatusCause> causes) {
    if (!Fields.has(spec, "podFailurePolicy")) return;
    String rp = p + ".podFailurePolicy.rules";
    List<ObjectNode> rules = Fields.objects(spec, "podFailurePolicy.rules");
    if (rules.size() > MAX_RULES) causes.add(Causes.tooMany(rp, rules.size(), MAX_RULES));
    int i = 0;
    for (ObjectNode rule : rules) {
      String path = rp + "[" + i++ + "]";
      String action = Fields.string(rule, "action", "");
      if (action.isEmpty()) {
        causes.add(Causes.required(path + ".action", "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]"));
      } else if (!FAILURE_ACTIONS.contains(action)) {
        causes.add(StatusCause.notSupported(path + ".action", action, FAILURE_ACTIONS));
      } else if (action.equals("FailIndex") && !Fields.has(spec, "backoffLimitPerIndex")) {
        causes.add(Causes.invalid(path + ".action", action, "requires the backoffLimitPerIndex to be set"));
      }
      boolean codes = Fields.has(rule, "onExitCodes");
      boolean conditions = !Fields.objects(rule, "onPodConditions").isEmpty();
      if (codes && conditions) {
        causes.add(Causes.invalidNoValue(path, "specifying both OnExitCodes and OnPodConditions is not supported"));
      } else if (!codes && !conditions) {
        causes.add(Causes.invalidNoValue(path, "specifying one of OnExitCodes and OnPodConditions is required"));
      }
      if (codes) {
        exitCodes(Fields.object(rule, "onExitCodes"), path + ".onExitCodes", causes);
        containerName(spec, Fields.string(rule, "onExitCodes.containerName"), path + ".onExitCodes.containerName", causes);
      }
      int j = 0;
      for (ObjectNode pattern : Fields.objects(rule, "onPodConditions")) {
        String pp = path + ".onPodConditions[" + j++ + "]";
        String status = Fields.string(pattern, "status", "");
        if (status.isEmpty()) {
          causes.add(StatusCause.required(pp + ".status"));
        } else if (!CONDITION_STATUSES.contains(status)) {
          causes.add(StatusCause.notSupported(pp + ".status", status, CONDITION_STATUSES));
        }
        String type = Fields.string(pattern, "type", "");
        for (String msg : NameRules.qualifiedName(type)) causes.add(Causes.invalid(pp + ".type", type, msg));
      }
    }
  }

  static final List<String> CONDITION_STATUSES = List.of("True", "False", "Unknown");

  /** onExitCodes.containerName must name a container or init container of the template. */
  private static void containerName(ObjectNode spec, String name, String path, List<StatusCause> causes) {
    if (name == null) return;
    for (String list : List.of("containers", "initContainers")) {
      for (ObjectNode c : Fields.objects(spec, "template.spec." + list)) {
        if (name.equals(Fields.string(c, "name"))) return;
      }
    }
    causes.add(Causes.invalid(path, name, "must be one of the container or initContainer names in the pod template"));
  }

  private static void exitCodes(ObjectNode req, String p, List<StatusCause> causes) {
    String op = Fields.string(req, "operator", "");
    if (op.isEmpty()) {
      causes.add(StatusCause.required(p + ".operator"));
    } else if (!op.equals("In") && !op.equals("NotIn")) {
      causes.add(StatusCause.notSupported(p + ".operator", op, List.of("In", "NotIn")));
    }
    var values = Fields.array(req, "values");
    if (values == null || values.isEmpty()) {
      causes.add(Causes.invalidNoValue(p + ".values", "at least one value is required"));
      return;
    }
    long prev = Long.MIN_VALUE;
    for (int i = 0; i < values.size(); i++) {
      long v = values.get(i).asLong();
      if (v == 0 && op.equals("In")) causes.add(Causes.invalid(p + ".values[" + i + "]", v, "must not be 0 for the In operator"));
      if (v == prev) {
        causes.add(StatusCause.duplicate(p + ".values[" + i + "]", v));
      } else if (v < prev) {
        causes.add(Causes.invalid(p + ".values[" + i + "]", v, "must be ordered"));
      }
      prev = v;
    }
  }

  private static void template(ObjectNode spec, String p, List<StatusCause> causes) {
    String tp = p + ".template";
    ObjectNode template = Fields.object(spec, "template");
    if (template != null) {
      causes.addAll(prefixed(MetadataValidation.labels(template, "metadata.labels"), tp + "."));
      causes.addAll(prefixed(MetadataValidation.annotations(template, "metadata.annotations"), tp + "."));
    }
    ObjectNode podSpec = Fields.object(spec, "template.spec");
    causes.addAll(PodSpecValidation.validate(podSpec, tp + ".spec", false));
    String restart = Fields.string(podSpec == null ? spec : podSpec, "restartPolicy", "");
    if (restart.isEmpty() || restart.equals("Always")) {
      causes.add(Causes.required(tp + ".spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""));
    } else if (!JOB_RESTART_POLICIES.contains(restart)) {
      causes.add(StatusCause.notSupported(tp + ".spec.restartPolicy", restart, JOB_RESTART_POLICIES));
    } else if (restart.equals("OnFailure") && Fields.has(spec, "podFailurePolicy")) {
      causes.add(Causes.invalid(tp + ".spec.restartPolicy", restart,
          "only \"Never\" is supported when podFailurePolicy is specified"));
    }
  }

  static List<StatusCause> prefixed(List<StatusCause> causes, String prefix) {
    return causes.stream().map(c -> new StatusCause(c.reason(), c.message(), prefix + c.field())).toList();
  }
}

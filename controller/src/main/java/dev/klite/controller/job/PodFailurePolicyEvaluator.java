package dev.klite.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure evaluation of {@code spec.podFailurePolicy} for one failed pod (job-semantics.md §2.10;
 * upstream {@code pkg/controller/job/pod_failure_policy.go} {@code matchPodFailurePolicy}): rules
 * in order, first match wins, rules with an unknown action are skipped.
 */
public final class PodFailurePolicyEvaluator {

  /**
   * @param action {@code FailJob}, {@code Ignore}, {@code Count} or {@code FailIndex}
   * @param failJobMessage the Job's failure message when the action is FailJob, else empty
   */
  public record Match(String action, Optional<String> failJobMessage) {
    /** Whether the failure counts towards backoffLimit (everything but Ignore). */
    public boolean countsFailure() {
      return !"Ignore".equals(action);
    }
  }

  private static final List<String> KNOWN_ACTIONS = List.of("FailJob", "Ignore", "Count", "FailIndex");

  private PodFailurePolicyEvaluator() {}

  /** The first matching rule's outcome; empty when no policy or no rule matches (default counting). */
  public static Optional<Match> match(PodFailurePolicy policy, Pod pod) {
    if (policy == null || policy.getRules() == null) {
      return Optional.empty();
    }
    List<PodFailurePolicyRule> rules = policy.getRules();
    for (int i = 0; i < rules.size(); i++) {
      PodFailurePolicyRule rule = rules.get(i);
      if (!KNOWN_ACTIONS.contains(rule.getAction())) {
        continue;
      }
      Optional<String> reason = Optional.empty();
      if (rule.getOnExitCodes() != null) {
        reason = matchExitCodes(rule.getOnExitCodes(), pod, i);
      } else if (rule.getOnPodConditions() != null) {
        reason = matchConditions(rule.getOnPodConditions(), pod, i);
      }
      if (reason.isPresent()) {
        return Optional.of(new Match(rule.getAction(),
            "FailJob".equals(rule.getAction()) ? reason : Optional.empty()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> matchExitCodes(PodFailurePolicyOnExitCodesRequirement req, Pod pod, int index) {
    List<ContainerStatus> statuses = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getContainerStatuses() != null) {
        statuses.addAll(pod.getStatus().getContainerStatuses());
      }
      if (pod.getStatus().getInitContainerStatuses() != null) {
        statuses.addAll(pod.getStatus().getInitContainerStatuses());
      }
    }
    List<Integer> values = req.getValues() == null ? List.of() : req.getValues();
    for (ContainerStatus s : statuses) {
      if (s.getState() == null || s.getState().getTerminated() == null) {
        continue;
      }
      Integer code = s.getState().getTerminated().getExitCode();
      if (code == null || code == 0) {
        continue;
      }
      if (req.getContainerName() != null && !req.getContainerName().equals(s.getName())) {
        continue;
      }
      boolean in = values.contains(code);
      if ("In".equals(req.getOperator()) ? in : "NotIn".equals(req.getOperator()) && !in) {
        return Optional.of("Container " + s.getName() + " for pod " + pod.getMetadata().getNamespace() + "/"
            + pod.getMetadata().getName() + " failed with exit code " + code + " matching FailJob rule at index "
            + index);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> matchConditions(List<PodFailurePolicyOnPodConditionsPattern> patterns, Pod pod,
      int index) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (PodFailurePolicyOnPodConditionsPattern p : patterns) {
      String wanted = p.getStatus() == null ? "True" : p.getStatus();
      for (PodCondition c : pod.getStatus().getConditions()) {
        if (p.getType() != null && p.getType().equals(c.getType()) && wanted.equals(c.getStatus())) {
          return Optional.of("Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
              + " has condition " + c.getType() + " matching FailJob rule at index " + index);
        }
      }
    }
    return Optional.empty();
  }
}
